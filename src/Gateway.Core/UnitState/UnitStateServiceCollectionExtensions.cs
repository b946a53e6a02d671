using Gateway.Core.Events;
using Gateway.Core.Floor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Core.UnitState;

/// <summary>
/// Registers unit emergencies and status messages (after <c>AddGatewayCore()</c>): <see cref="UnitStateService"/> as a singleton and
/// hosted service, the emergency priority policy the switchboard consults on every floor request, the parser (also the Mumble
/// text filter) and an in-memory store unless storage registered one. The API binds <c>Gateway:Emergency</c> and
/// <c>Gateway:Statuses</c> into <see cref="UnitStateOptions"/>.
/// </summary>
public static class UnitStateServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayUnitState(this IServiceCollection services, Action<UnitStateOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<UnitStateOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<EmergencyPriorityPolicy>();
        services.TryAddSingleton<IFloorPriorityPolicy>(sp => sp.GetRequiredService<EmergencyPriorityPolicy>());
        services.TryAddSingleton<IUnitStateStore, InMemoryUnitStateStore>();
        services.TryAddSingleton(sp => new UnitSignalParser(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<UnitStateOptions>>().Value));
        services.TryAddSingleton<IFieldTextSignals>(sp => sp.GetRequiredService<UnitSignalParser>());
        services.TryAddSingleton<UnitStateService>();
        services.AddHostedService(sp => sp.GetRequiredService<UnitStateService>());
        return services;
    }
}

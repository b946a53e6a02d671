using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gateway.Core.Positions;

/// <summary>
/// Registers the position registry (after <c>AddGatewayCore()</c>): <see cref="PositionRegistry"/> as
/// <see cref="IPositionRegistry"/> and hosted service (it restores stored positions at start), and an
/// <see cref="InMemoryPositionStore"/> unless storage registered a persistent <see cref="IPositionStore"/>.
/// The API binds <c>Gateway:Positions</c> to <see cref="PositionOptions"/>.
/// </summary>
public static class PositionServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayPositions(this IServiceCollection services, Action<PositionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PositionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<PositionOptions>, PositionOptionsValidator>());
        services.TryAddSingleton<IPositionStore, InMemoryPositionStore>();
        services.TryAddSingleton<IPositionRegistry>(sp => sp.GetRequiredService<PositionRegistry>());
        if (!services.Any(d => d.ServiceType == typeof(PositionRegistry)))
        {
            services.AddHostedService(sp => sp.GetRequiredService<PositionRegistry>());
        }

        services.TryAddSingleton<PositionRegistry>();
        return services;
    }
}

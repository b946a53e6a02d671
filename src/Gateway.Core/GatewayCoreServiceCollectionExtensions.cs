using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Metrics;
using Gateway.Core.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Core;

/// <summary>Registers the core services. The host registers <see cref="Gateway.Audio.Codecs.ICodecFactory"/> (from Gateway.Audio).</summary>
public static class GatewayCoreServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<UnitEndpointBindings>();
        services.TryAddSingleton<IEventBus, EventBus>();
        services.TryAddSingleton<IHealthRegistry, HealthRegistry>();
        services.TryAddSingleton<ISwitchboard, Switchboard>();
        services.TryAddSingleton<IUnitDirectory, UnitDirectory>();
        services.TryAddSingleton<UnitTerminalPresence>();
        services.AddHostedService(sp => sp.GetRequiredService<UnitTerminalPresence>());
        return services;
    }
}

using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Session;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core;
using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Metrics;
using Gateway.Core.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Connectors.Mumble;

public static class MumbleServiceCollectionExtensions
{
    /// <summary>
    /// Adds the hosted Mumble connector. <paramref name="configure"/> fills the server list, typically by binding
    /// <c>Gateway:Connectors:Mumble</c> into <see cref="MumbleConnectorsOptions.Servers"/>. Needs the core
    /// (ISwitchboard, IUnitDirectory, IEventBus, IHealthRegistry) and an ICodecFactory. Options are validated at start.
    /// </summary>
    public static IServiceCollection AddMumbleConnector(
        this IServiceCollection services,
        Action<MumbleConnectorsOptions> configure,
        MumbleTransportTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MumbleConnectorsOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MumbleConnectorsOptions>, MumbleConnectorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new MumbleConnector(
            sp.GetRequiredService<IOptions<MumbleConnectorsOptions>>(),
            new MumbleSessionServices(
                sp.GetRequiredService<ISwitchboard>(),
                sp.GetRequiredService<IUnitDirectory>(),
                sp.GetRequiredService<IEventBus>(),
                sp.GetRequiredService<IHealthRegistry>(),
                sp.GetRequiredService<ICodecFactory>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                timings ?? MumbleTransportTimings.Default,
                sp.GetService<GatewayMetrics>(),
                sp.GetService<IFieldTextSignals>())));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MumbleConnector>());
        services.AddSingleton<IAlertTextChannel>(sp => sp.GetRequiredService<MumbleConnector>()); // alert texts go into the mapped channels
        return services;
    }
}

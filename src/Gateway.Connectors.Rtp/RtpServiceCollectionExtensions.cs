using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Metrics;
using Gateway.Core.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp;

/// <summary>DI registration of the RTP connector (needs AddGatewayCore and AddGatewayAudio).</summary>
public static class RtpServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RtpConnector"/> as a singleton and hosted service with the given endpoints (<c>Gateway:Connectors:Rtp</c>),
    /// and <see cref="IRtpEndpointManager"/> for run-time endpoints.
    /// </summary>
    public static IServiceCollection AddRtpConnector(this IServiceCollection services, IEnumerable<RtpEndpointOptions> endpoints)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(endpoints);
        var list = endpoints.ToList();
        services.TryAddSingleton(sp => new RtpConnector(
            list,
            sp.GetRequiredService<ISwitchboard>(),
            sp.GetRequiredService<ICodecFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IEventBus>(),
            sp.GetService<IHealthRegistry>(),
            sp.GetService<GatewayMetrics>(),
            sp.GetService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<RtpConnector>());
        // Run-time endpoints for the API (gateway.v1.Endpoints), which knows the connector only through this Core interface.
        services.TryAddSingleton<IRtpEndpointManager>(sp => new RtpEndpointManager(sp.GetRequiredService<RtpConnector>(), sp.GetRequiredService<ISwitchboard>()));
        return services;
    }
}

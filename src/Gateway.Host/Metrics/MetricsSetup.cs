using Gateway.Core.Metrics;
using Gateway.Host.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Gateway.Host.Metrics;

/// <summary>
/// OpenTelemetry metrics exported for Prometheus at <c>/metrics</c>: the gateway's own meter plus .NET runtime, hosting and
/// Kestrel meters (meters, not extra packages). OpenTelemetry names: <c>gateway.floor.grants</c> → <c>gateway_floor_grants_total</c>.
/// </summary>
internal static class MetricsSetup
{
    public const string ServiceName = "gateway";

    public static readonly string[] Meters =
    [
        GatewayMetrics.MeterName,
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
    ];

    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services, GatewayOptions options)
    {
        services.TryAddSingleton(provider => new GatewayMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddHostedService<HostGauges>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: ServiceName,
                serviceVersion: typeof(MetricsSetup).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: options.NodeName))
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddPrometheusExporter());
        return services;
    }
}

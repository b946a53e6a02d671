using Gateway.Core.Health;
using Gateway.Core.Metrics;

namespace Gateway.Host.Metrics;

/// <summary>
/// Gauges the host owns, on the shared "Gateway" meter: the aggregate health (0 healthy, 1 degraded, 2 unhealthy)
/// and the number of components reporting. Registered at start so the meter exists before the first scrape.
/// </summary>
internal sealed class HostGauges(GatewayMetrics metrics, IHealthRegistry health) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.ObserveGauge("gateway.health.state", () => (long)health.Overall, "{state}", "Aggregate health: 0 healthy, 1 degraded, 2 unhealthy.");
        metrics.ObserveGauge("gateway.health.components", () => health.Snapshot().Count, "{component}", "Components reporting health.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

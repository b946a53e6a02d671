using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Metrics;

namespace Gateway.Host.Metrics;

/// <summary>
/// Gauges read at scrape time on the shared "Gateway" meter: aggregate health (0 healthy, 1 degraded, 2 unhealthy),
/// components reporting, talk groups, endpoints online and active calls (from the switchboard's snapshots).
/// </summary>
internal sealed class HostGauges(GatewayMetrics metrics, IHealthRegistry health, ISwitchboard switchboard) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.ObserveGauge("gateway.health.state", () => (long)health.Overall, "{state}", "Aggregate health: 0 healthy, 1 degraded, 2 unhealthy.");
        metrics.ObserveGauge("gateway.health.components", () => health.Snapshot().Count, "{component}", "Components reporting health.");
        metrics.ObserveGauge("gateway.talkgroups", () => switchboard.TalkGroups.Count, "{group}", "Talk groups.");
        metrics.ObserveGauge("gateway.endpoints.online", CountOnline, "{endpoint}", "Endpoints online.");
        metrics.ObserveGauge("gateway.calls.active", CountCalls, "{call}", "Calls in progress (transmitting or in hang time).");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private long CountOnline()
    {
        var online = 0;
        foreach (var endpoint in switchboard.Endpoints)
        {
            online += endpoint.State == EndpointState.Online ? 1 : 0;
        }

        return online;
    }

    private long CountCalls()
    {
        var calls = 0;
        foreach (var group in switchboard.TalkGroups)
        {
            try
            {
                calls += switchboard.GetFloorStatus(group.Settings.Id).Call is null ? 0 : 1;
            }
            catch (KeyNotFoundException)
            {
                // Removed between the two reads.
            }
        }

        return calls;
    }
}

using Gateway.Core.Health;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.Extensions.Hosting;

namespace Gateway.Api.Health;

/// <summary>
/// Keeps grpc.health.v1 in step with <see cref="IHealthRegistry"/>: the overall service ("") and every gateway.v1 service
/// follow the worst component (NOT_SERVING only when something is unhealthy; degraded still serves), and each component
/// is also queryable by its own name (e.g. "rtp:console-a").
/// </summary>
internal sealed class HealthBridge : IHostedService
{
    private static readonly string[] Services =
        [string.Empty, "gateway.v1.TalkGroups", "gateway.v1.Units", "gateway.v1.Calls", "gateway.v1.Alerts", "gateway.v1.Events"];

    private readonly IHealthRegistry _registry;
    private readonly HealthServiceImpl _health;

    public HealthBridge(IHealthRegistry registry, HealthServiceImpl health)
    {
        _registry = registry;
        _health = health;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registry.Changed += OnChanged;
        foreach (var component in _registry.Snapshot().Values)
        {
            _health.SetStatus(component.Component, ToStatus(component.State));
        }

        UpdateOverall();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registry.Changed -= OnChanged;
        foreach (var service in Services)
        {
            _health.SetStatus(service, HealthCheckResponse.Types.ServingStatus.NotServing);
        }

        return Task.CompletedTask;
    }

    private void OnChanged(ComponentHealth component)
    {
        _health.SetStatus(component.Component, ToStatus(component.State));
        UpdateOverall();
    }

    private void UpdateOverall()
    {
        var status = ToStatus(_registry.Overall);
        foreach (var service in Services)
        {
            _health.SetStatus(service, status);
        }
    }

    private static HealthCheckResponse.Types.ServingStatus ToStatus(HealthState state) =>
        state == HealthState.Unhealthy ? HealthCheckResponse.Types.ServingStatus.NotServing : HealthCheckResponse.Types.ServingStatus.Serving;
}

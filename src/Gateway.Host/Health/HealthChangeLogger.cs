using Gateway.Core.Health;

namespace Gateway.Host.Health;

/// <summary>Logs every health change of a component together with the aggregate state (gRPC health comes with the API).</summary>
internal sealed partial class HealthChangeLogger(IHealthRegistry registry, ILogger<HealthChangeLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        registry.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(ComponentHealth health)
    {
        var overall = registry.Overall;
        switch (health.State)
        {
            case HealthState.Healthy:
                LogHealthy(logger, health.Component, health.Reason, overall);
                break;
            case HealthState.Degraded:
                LogDegraded(logger, health.Component, health.Reason, overall);
                break;
            default:
                LogUnhealthy(logger, health.Component, health.Reason, overall);
                break;
        }
    }

    [LoggerMessage(EventId = 2001, EventName = "ComponentHealthy", Level = LogLevel.Information, Message = "Health: {Component} is Healthy ({Reason}); overall {Overall}")]
    private static partial void LogHealthy(ILogger logger, string component, string reason, HealthState overall);

    [LoggerMessage(EventId = 2002, EventName = "ComponentDegraded", Level = LogLevel.Warning, Message = "Health: {Component} is Degraded ({Reason}); overall {Overall}")]
    private static partial void LogDegraded(ILogger logger, string component, string reason, HealthState overall);

    [LoggerMessage(EventId = 2003, EventName = "ComponentUnhealthy", Level = LogLevel.Error, Message = "Health: {Component} is Unhealthy ({Reason}); overall {Overall}")]
    private static partial void LogUnhealthy(ILogger logger, string component, string reason, HealthState overall);
}

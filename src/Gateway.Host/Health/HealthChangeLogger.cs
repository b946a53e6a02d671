using Gateway.Core.Health;

namespace Gateway.Host.Health;

/// <summary>
/// Logs every change of the aggregate health (the worst component state). The core's registry logs each component's
/// change itself; this adds the gateway-wide view an operator (and later gRPC health) acts on.
/// </summary>
internal sealed partial class HealthChangeLogger(IHealthRegistry registry, ILogger<HealthChangeLogger> logger) : IHostedService
{
    private readonly Lock _gate = new();
    private HealthState _overall = HealthState.Healthy;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.Changed += OnChanged;
        OnChanged(null);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        registry.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(ComponentHealth? cause)
    {
        HealthState previous;
        HealthState overall;
        lock (_gate)
        {
            overall = registry.Overall;
            previous = _overall;
            _overall = overall;
        }

        if (overall == previous)
        {
            return;
        }

        if (overall == HealthState.Healthy)
        {
            LogRecovered(logger, previous, cause?.Component ?? "-");
        }
        else
        {
            LogWorse(logger, overall, previous, cause?.Component ?? "-", cause?.Reason ?? string.Empty);
        }
    }

    [LoggerMessage(EventId = 9301, EventName = "OverallHealthy", Level = LogLevel.Information, Message = "Gateway health: Healthy (was {Previous}; last change {Component})")]
    private static partial void LogRecovered(ILogger logger, HealthState previous, string component);

    [LoggerMessage(EventId = 9302, EventName = "OverallChanged", Level = LogLevel.Warning, Message = "Gateway health: {Overall} (was {Previous}) because {Component}: {Reason}")]
    private static partial void LogWorse(ILogger logger, HealthState overall, HealthState previous, string component, string reason);
}

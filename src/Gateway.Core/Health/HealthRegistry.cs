using System.Collections.Concurrent;
using Gateway.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Health;

/// <summary>
/// Keeps the last reported state of every component. A change of state is logged, published as
/// <see cref="ConnectorHealthChanged"/> and raised through <see cref="Changed"/>; a repeated report with the same
/// state only refreshes the reason, so a connector retrying every second does not flood logs and events.
/// </summary>
public sealed partial class HealthRegistry : IHealthRegistry
{
    private readonly ConcurrentDictionary<string, ComponentHealth> _components = new(StringComparer.Ordinal);
    private readonly IEventBus _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    public HealthRegistry(IEventBus events, TimeProvider time, ILogger<HealthRegistry>? logger = null)
    {
        _events = events;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public event Action<ComponentHealth>? Changed;

    public HealthState Overall
    {
        get
        {
            var worst = HealthState.Healthy;
            foreach (var entry in _components)
            {
                if (entry.Value.State > worst)
                {
                    worst = entry.Value.State;
                }
            }

            return worst;
        }
    }

    public void Report(string component, HealthState state, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        reason ??= string.Empty;
        ComponentHealth current;
        bool changed;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_components.TryGetValue(component, out var previous) && previous.State == state)
            {
                current = previous with { Reason = reason };
                changed = false;
            }
            else
            {
                current = new ComponentHealth(component, state, reason, now);
                changed = true;
            }

            _components[component] = current;
            if (changed)
            {
                _events.Publish(new ConnectorHealthChanged(now, component, state, reason));
            }
        }

        if (!changed)
        {
            return;
        }

        if (state == HealthState.Healthy)
        {
            LogHealthy(_logger, component, reason);
        }
        else
        {
            LogUnhealthy(_logger, component, state, reason);
        }

        Changed?.Invoke(current);
    }

    public IReadOnlyDictionary<string, ComponentHealth> Snapshot() =>
        new Dictionary<string, ComponentHealth>(_components, StringComparer.Ordinal);

    [LoggerMessage(EventId = 1101, EventName = "ComponentHealthy", Level = LogLevel.Information, Message = "{Component} is healthy: {Reason}")]
    private static partial void LogHealthy(ILogger logger, string component, string reason);

    [LoggerMessage(EventId = 1102, EventName = "ComponentUnhealthy", Level = LogLevel.Warning, Message = "{Component} is {State}: {Reason}")]
    private static partial void LogUnhealthy(ILogger logger, string component, HealthState state, string reason);
}

using System.Collections.Concurrent;
using Gateway.Core.Health;

namespace Gateway.Connectors.Serial.Tests.Fakes;

internal sealed class RecordingHealthRegistry : IHealthRegistry
{
    private readonly ConcurrentDictionary<string, ComponentHealth> _states = new();

    public ConcurrentQueue<ComponentHealth> History { get; } = new();

    public HealthState Overall => _states.Values.Select(s => s.State).DefaultIfEmpty(HealthState.Healthy).Max();

    public event Action<ComponentHealth>? Changed;

    public void Report(string component, HealthState state, string reason)
    {
        var entry = new ComponentHealth(component, state, reason, DateTimeOffset.UnixEpoch);
        _states[component] = entry;
        History.Enqueue(entry);
        Changed?.Invoke(entry);
    }

    public IReadOnlyDictionary<string, ComponentHealth> Snapshot() => new Dictionary<string, ComponentHealth>(_states);

    public HealthState StateOf(string component) => _states.TryGetValue(component, out var h) ? h.State : HealthState.Healthy;
}

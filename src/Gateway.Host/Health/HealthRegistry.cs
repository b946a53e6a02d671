using Gateway.Core.Health;

namespace Gateway.Host.Health;

/// <summary>
/// The host's <see cref="IHealthRegistry"/>: the latest report of each component and their aggregate (the worst state).
/// <see cref="IHealthRegistry.Changed"/> fires when a component's state or reason changes, outside the lock.
/// </summary>
public sealed class HealthRegistry(TimeProvider time) : IHealthRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ComponentHealth> _components = new(StringComparer.Ordinal);

    public event Action<ComponentHealth>? Changed;

    public HealthState Overall
    {
        get
        {
            lock (_gate)
            {
                var worst = HealthState.Healthy;
                foreach (var component in _components.Values)
                {
                    if (component.State > worst)
                    {
                        worst = component.State;
                    }
                }

                return worst;
            }
        }
    }

    public void Report(string component, HealthState state, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        reason ??= string.Empty;
        ComponentHealth changed;
        lock (_gate)
        {
            if (_components.TryGetValue(component, out var current) && current.State == state && current.Reason == reason)
            {
                return;
            }

            changed = new ComponentHealth(component, state, reason, time.GetUtcNow());
            _components[component] = changed;
        }

        Changed?.Invoke(changed);
    }

    public IReadOnlyDictionary<string, ComponentHealth> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, ComponentHealth>(_components, StringComparer.Ordinal);
        }
    }
}

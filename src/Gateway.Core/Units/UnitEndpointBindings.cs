using Gateway.Core.Identity;

namespace Gateway.Core.Units;

/// <summary>
/// Which unit a terminal carries (<c>Gateway:Units[i]:Endpoints</c>, or <c>unit_id</c> of an endpoint created through the
/// API). RTP and serial radios carry no identity of their own, so this table is what ties them to a unit: for presence
/// (<see cref="UnitTerminalPresence"/>) and for signalling from them (the event bus fills in
/// <see cref="Events.SignalReceived.Unit"/>). An endpoint belongs to one unit at most; a unit may have several.
/// </summary>
public sealed class UnitEndpointBindings
{
    private readonly Lock _gate = new();

    // Copy-on-write: the event bus reads it for every signal without taking the lock.
    private volatile Dictionary<EndpointId, UnitId> _units = [];

    /// <summary>Raised after every change (outside the lock).</summary>
    public event Action? Changed;

    /// <summary>Every binding, endpoint → unit.</summary>
    public IReadOnlyDictionary<EndpointId, UnitId> All => _units;

    public UnitId? UnitOf(EndpointId endpoint) => _units.TryGetValue(endpoint, out var unit) ? unit : null;

    public IReadOnlyList<EndpointId> EndpointsOf(UnitId unit) =>
        [.. _units.Where(b => b.Value == unit).Select(b => b.Key).OrderBy(e => e.Value, StringComparer.Ordinal)];

    /// <summary>Binds <paramref name="endpoint"/> to <paramref name="unit"/>; false (nothing changes) when it already belongs to another unit.</summary>
    public bool TryBind(EndpointId endpoint, UnitId unit, out UnitId? owner)
    {
        lock (_gate)
        {
            if (_units.TryGetValue(endpoint, out var existing))
            {
                owner = existing;
                return existing == unit;
            }

            owner = unit;
            _units = new Dictionary<EndpointId, UnitId>(_units) { [endpoint] = unit };
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Forgets the endpoint's unit (the endpoint was deleted); false when it had none.</summary>
    public bool Unbind(EndpointId endpoint)
    {
        lock (_gate)
        {
            if (!_units.ContainsKey(endpoint))
            {
                return false;
            }

            var copy = new Dictionary<EndpointId, UnitId>(_units);
            copy.Remove(endpoint);
            _units = copy;
        }

        Changed?.Invoke();
        return true;
    }
}

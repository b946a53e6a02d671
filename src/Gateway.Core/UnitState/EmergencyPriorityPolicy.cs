using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Microsoft.Extensions.Options;

namespace Gateway.Core.UnitState;

/// <summary>
/// Gives a unit in emergency emergency priority in the emergency's group: its next floor request (matched by unit, or by the
/// endpoint the emergency came from when that endpoint's talkers carry no unit) is raised to <see cref="Priority.Emergency"/>,
/// and then, for the open-microphone window (<c>Gateway:Emergency:OpenMicSeconds</c>), every further request too.
/// </summary>
public sealed class EmergencyPriorityPolicy : IFloorPriorityPolicy
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UnitId, Boost> _boosts = [];
    private readonly TimeProvider _time;
    private readonly IOptions<UnitStateOptions> _options;

    public EmergencyPriorityPolicy(TimeProvider time, IOptions<UnitStateOptions> options)
    {
        _time = time;
        _options = options;
    }

    /// <summary>Raised (outside the lock) when a pending boost is used by a transmission: the unit-state service persists it.</summary>
    public event Action<UnitId>? Consumed;

    /// <summary>Arms (or re-arms) the boost for the unit's next transmission in <paramref name="group"/>.</summary>
    public void Arm(UnitId unit, TalkGroupId group, EndpointId? endpoint, bool pending)
    {
        lock (_gate)
        {
            _boosts[unit] = new Boost(unit, group, endpoint, pending, null);
        }
    }

    public void Disarm(UnitId unit)
    {
        lock (_gate)
        {
            _boosts.Remove(unit);
        }
    }

    /// <summary>True while the unit's next (or open-mic) transmission in the group would be boosted.</summary>
    public bool IsBoosted(UnitId unit, TalkGroupId group)
    {
        lock (_gate)
        {
            return _boosts.TryGetValue(unit, out var b) && b.Group == group && (b.Pending || b.OpenMicUntil > _time.GetUtcNow());
        }
    }

    public FloorRequest Adjust(FloorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Priority >= Priority.Emergency)
        {
            return request;
        }

        UnitId? consumed = null;
        var boosted = false;
        lock (_gate)
        {
            if (_boosts.Count == 0)
            {
                return request;
            }

            foreach (var boost in _boosts.Values)
            {
                if (boost.Group != request.TalkGroup || !Matches(boost, request.Talker))
                {
                    continue;
                }

                var now = _time.GetUtcNow();
                if (boost.Pending)
                {
                    boost.Pending = false;
                    boost.OpenMicUntil = now + TimeSpan.FromSeconds(_options.Value.Emergency.OpenMicSeconds);
                    consumed = boost.Unit;
                    boosted = true;
                }
                else if (boost.OpenMicUntil > now)
                {
                    boosted = true;
                }

                break;
            }
        }

        if (consumed is { } unit)
        {
            Consumed?.Invoke(unit);
        }

        return boosted ? request with { Priority = Priority.Emergency } : request;
    }

    private static bool Matches(Boost boost, Talker talker) =>
        talker.Unit is { } unit ? unit == boost.Unit : boost.Endpoint is { } endpoint && endpoint == talker.Endpoint;

    private sealed class Boost(UnitId unit, TalkGroupId group, EndpointId? endpoint, bool pending, DateTimeOffset? openMicUntil)
    {
        public UnitId Unit { get; } = unit;

        public TalkGroupId Group { get; } = group;

        public EndpointId? Endpoint { get; } = endpoint;

        public bool Pending { get; set; } = pending;

        public DateTimeOffset? OpenMicUntil { get; set; } = openMicUntil;
    }
}

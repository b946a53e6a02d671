using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;

namespace Gateway.Core.Floor;

/// <summary>
/// The floor of one talk group, or of all groups of a patch (the floor spans the patch). A small deterministic state
/// machine: idle → taken(holder) → (release | pre-empted | max transmit | holder lost) → hang → idle, driven by an
/// injected <see cref="TimeProvider"/>. Events are published under the lock (publishing never blocks) so their order
/// is the order of the transitions; endpoint notices and end-of-transmission run after the lock is released.
/// The router reads <see cref="CurrentGrant"/> without taking the lock.
/// </summary>
internal sealed partial class FloorArbiter : IDisposable
{
    private readonly TimeProvider _time;
    private readonly IEventBus _events;
    private readonly GatewayMetrics _metrics;
    private readonly Func<EndpointId, IVoiceEndpoint?> _resolveEndpoint;
    private readonly IFloorObserver? _observer;
    private readonly Lock _gate = new();
    private readonly List<QueueEntry> _queue = [];

    private volatile TalkGroupSettings _settings;
    private volatile TalkGroupId[] _groups;
    private volatile FloorGrant? _grant;

    private FloorPhase _phase = FloorPhase.Idle;
    private DateTimeOffset _phaseSince;
    private CallState? _call;
    private ITimer? _maxTransmitTimer;
    private ITimer? _hangTimer;
    private long _arrivals;
    private bool _disposed;

    public FloorArbiter(
        TalkGroupSettings settings,
        TimeProvider time,
        IEventBus events,
        GatewayMetrics metrics,
        Func<EndpointId, IVoiceEndpoint?> resolveEndpoint,
        IFloorObserver? observer = null)
    {
        _settings = settings;
        _groups = [settings.Id];
        _time = time;
        _events = events;
        _metrics = metrics;
        _resolveEndpoint = resolveEndpoint;
        _observer = observer;
        _phaseSince = time.GetUtcNow();
    }

    /// <summary>The owner's handle (the switchboard keeps its floor domain here so the observer can find it).</summary>
    public object? Tag { get; set; }

    /// <summary>The current transmission, read lock-free by the media path.</summary>
    public FloorGrant? CurrentGrant => _grant;

    /// <summary>The floor policy (for a patch: the policy of the group that owns the shared floor).</summary>
    public TalkGroupSettings Settings
    {
        get => _settings;
        set => _settings = value;
    }

    /// <summary>The groups this floor spans (one, or all groups of a patch); events are published for each.</summary>
    public IReadOnlyList<TalkGroupId> Groups => _groups;

    /// <summary>
    /// Changes the groups this floor spans (a patch is made or dissolved). Call records stay balanced per group: a
    /// group that joins during a call gets <see cref="CallStarted"/> for it, a group that leaves gets <see cref="CallEnded"/>.
    /// </summary>
    public void SetGroups(IReadOnlyList<TalkGroupId> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        lock (_gate)
        {
            SetGroupsLocked(groups);
        }
    }

    public FloorOutcome Request(FloorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var effects = new FloorEffects();
        FloorOutcome outcome;
        lock (_gate)
        {
            outcome = RequestLocked(request, effects);
        }

        Run(effects);
        return outcome;
    }

    /// <summary>Releases the endpoint's transmission or withdraws its queued request. False when it had neither.</summary>
    public bool Release(EndpointId endpoint)
    {
        var effects = new FloorEffects();
        bool done;
        lock (_gate)
        {
            if (_grant is { } grant && grant.Talker.Endpoint == endpoint)
            {
                EndTransmissionLocked(TransmissionEndReason.Released, effects, grantNext: true);
                done = true;
            }
            else
            {
                var index = _queue.FindIndex(e => e.Request.Talker.Endpoint == endpoint);
                done = index >= 0;
                if (done)
                {
                    // A withdrawn request is not an expiry: no event, the requester asked for it.
                    RemoveQueuedLocked(index, effects);
                }
            }
        }

        Run(effects);
        return done;
    }

    /// <summary>The endpoint went offline: its transmission is revoked (holder lost) and its queued requests dropped.</summary>
    public void EndpointLost(EndpointId endpoint)
    {
        var effects = new FloorEffects();
        lock (_gate)
        {
            for (var i = _queue.Count - 1; i >= 0; i--)
            {
                if (_queue[i].Request.Talker.Endpoint == endpoint)
                {
                    var entry = _queue[i];
                    RemoveQueuedLocked(i, effects);
                    PublishForGroups(g => new FloorQueueExpired(_time.GetUtcNow(), g, entry.Request.Talker));
                }
            }

            if (_grant is { } grant && grant.Talker.Endpoint == endpoint)
            {
                EndTransmissionLocked(TransmissionEndReason.HolderLost, effects, grantNext: true);
            }
        }

        Run(effects);
    }

    /// <summary>
    /// Ends everything now (group removed, shutdown, or the group joined a patch whose floor is elsewhere): the holder is
    /// revoked with <paramref name="reason"/>, queued requests expire and the call ends without hang time.
    /// </summary>
    public void Close(TransmissionEndReason reason)
    {
        var effects = new FloorEffects();
        lock (_gate)
        {
            _disposed = true;
            CloseLocked(reason, effects);
        }

        Run(effects);
    }

    /// <summary>
    /// Keeps only the transmission and queued requests that belong to <paramref name="keep"/> (used when a patch is
    /// dissolved and this floor stays with some of its groups): requests made in other groups expire; a holder that
    /// talked in another group is revoked.
    /// </summary>
    public void Restrict(IReadOnlyCollection<TalkGroupId> keep, TransmissionEndReason reason)
    {
        var effects = new FloorEffects();
        lock (_gate)
        {
            for (var i = _queue.Count - 1; i >= 0; i--)
            {
                var entry = _queue[i];
                if (!keep.Contains(entry.Request.TalkGroup))
                {
                    RemoveQueuedLocked(i, effects);
                    effects.Notify(entry.Request.Talker.Endpoint, new FloorNotice(FloorNoticeKind.QueueExpired, entry.Request.TalkGroup));
                    PublishForGroups(g => new FloorQueueExpired(_time.GetUtcNow(), g, entry.Request.Talker));
                }
            }

            if (_grant is { } grant && !keep.Contains(grant.TalkGroup))
            {
                EndTransmissionLocked(reason, effects, grantNext: true);
            }

            SetGroupsLocked([.. keep]);
        }

        Run(effects);
    }

    public FloorStatus GetStatus(TalkGroupId group)
    {
        lock (_gate)
        {
            var holder = _grant is { } grant ? new FloorHolder(grant.Talker, grant.Priority, grant.GrantedAt) : null;
            return new FloorStatus(group, _phase, holder, _call?.Id, _phaseSince, _queue.Count);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _maxTransmitTimer?.Dispose();
            _hangTimer?.Dispose();
            foreach (var entry in _queue)
            {
                entry.Timer?.Dispose();
            }

            _queue.Clear();
        }
    }
}

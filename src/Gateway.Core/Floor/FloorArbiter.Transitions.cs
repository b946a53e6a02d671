using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;

namespace Gateway.Core.Floor;

// The transitions (the *Locked methods run with the lock held and collect effects for the caller to run after
// unlocking), the timer callbacks that enter the lock themselves, and the effect runner.
internal sealed partial class FloorArbiter
{
    private FloorOutcome RequestLocked(FloorRequest request, FloorEffects effects)
    {
        var endpoint = request.Talker.Endpoint;
        var current = _grant;

        // Re-requests are idempotent: a radio that keys up twice, or a retrying client, changes nothing.
        if (current is not null && current.Talker.Endpoint == endpoint)
        {
            return new FloorOutcome(FloorOutcomeKind.Granted, Grant: current);
        }

        var queuedAt = _queue.FindIndex(e => e.Request.Talker.Endpoint == endpoint);
        if (queuedAt >= 0)
        {
            return new FloorOutcome(FloorOutcomeKind.Queued, QueuePosition: queuedAt + 1, Holder: HolderOf(current));
        }

        var now = _time.GetUtcNow();
        PublishForGroups(g => new FloorRequested(now, g, request.Talker, request.Priority));

        if (_disposed)
        {
            return Deny(request, current, "talk group removed");
        }

        if (current is null)
        {
            return new FloorOutcome(FloorOutcomeKind.Granted, Grant: GrantLocked(request, effects));
        }

        if (request.Priority > current.Priority)
        {
            _metrics.FloorPreemptions.Add(1);
            EndTransmissionLocked(TransmissionEndReason.PreEmpted, effects, grantNext: false);
            return new FloorOutcome(FloorOutcomeKind.Granted, Grant: GrantLocked(request, effects));
        }

        var settings = _settings;
        if (!settings.QueueRequests)
        {
            return Deny(request, current, "busy");
        }

        var position = EnqueueLocked(request, settings, effects);
        PublishForGroups(g => new FloorQueued(now, g, request.Talker, request.Priority, position));
        return new FloorOutcome(FloorOutcomeKind.Queued, QueuePosition: position, Holder: HolderOf(current));
    }

    private FloorOutcome Deny(FloorRequest request, FloorGrant? current, string reason)
    {
        _metrics.FloorDenials.Add(1);
        var holder = HolderOf(current);
        var now = _time.GetUtcNow();
        PublishForGroups(g => new FloorDenied(now, g, request.Talker, request.Priority, holder, reason));
        return new FloorOutcome(FloorOutcomeKind.Denied, Holder: holder, Reason: reason);
    }

    private FloorGrant GrantLocked(FloorRequest request, FloorEffects effects)
    {
        var now = _time.GetUtcNow();
        _hangTimer?.Dispose();
        _hangTimer = null;

        // Within hang time (or straight after a pre-emption) the call continues; otherwise a new call starts.
        var call = _call;
        if (call is null)
        {
            call = new CallState(CallId.New(), now, request.Talker, request.Priority);
            _call = call;
            PublishForGroups(g => new CallStarted(now, g, call.Id, request.Talker, request.Priority));
        }

        call.Transmissions++;
        var grant = new FloorGrant(request.TalkGroup, call.Id, call.Transmissions, request.Talker, request.Priority, now);
        _grant = grant;
        _phase = FloorPhase.Taken;
        _phaseSince = now;
        _metrics.FloorGrants.Add(1);
        PublishForGroups(g => new FloorGranted(now, g, grant));

        var maxTransmit = _settings.MaxTransmit;
        if (maxTransmit > TimeSpan.Zero)
        {
            _maxTransmitTimer = _time.CreateTimer(static s => ((TimerState)s!).Arbiter.OnMaxTransmit((FloorGrant)((TimerState)s!).Target), new TimerState(this, grant), maxTransmit, Timeout.InfiniteTimeSpan);
        }

        return grant;
    }

    private void EndTransmissionLocked(TransmissionEndReason reason, FloorEffects effects, bool grantNext)
    {
        var grant = _grant;
        if (grant is null)
        {
            return;
        }

        _grant = null;
        _maxTransmitTimer?.Dispose();
        _maxTransmitTimer = null;
        var now = _time.GetUtcNow();
        if (reason == TransmissionEndReason.Released)
        {
            PublishForGroups(g => new FloorReleased(now, g, grant));
            effects.Notify(grant.Talker.Endpoint, new FloorNotice(FloorNoticeKind.Released, grant.TalkGroup, grant));
        }
        else
        {
            PublishForGroups(g => new FloorRevoked(now, g, grant, reason));
            effects.Notify(grant.Talker.Endpoint, new FloorNotice(FloorNoticeKind.Revoked, grant.TalkGroup, grant, reason));
        }

        effects.Ended.Add((grant, reason));
        if (!grantNext)
        {
            return;
        }

        if (_queue.Count > 0 && !_disposed)
        {
            var next = _queue[0];
            RemoveQueuedLocked(0, effects);
            var nextGrant = GrantLocked(next.Request, effects);
            effects.Notify(next.Request.Talker.Endpoint, new FloorNotice(FloorNoticeKind.Granted, next.Request.TalkGroup, nextGrant));
            return;
        }

        _phase = FloorPhase.Hang;
        _phaseSince = now;
        var hang = _settings.HangTime;
        if (hang <= TimeSpan.Zero || _disposed)
        {
            EndCallLocked(now);
        }
        else if (_call is { } call)
        {
            _hangTimer = _time.CreateTimer(static s => ((TimerState)s!).Arbiter.OnHangExpired((CallState)((TimerState)s!).Target), new TimerState(this, call), hang, Timeout.InfiniteTimeSpan);
        }
    }

    private void CloseLocked(TransmissionEndReason reason, FloorEffects effects)
    {
        while (_queue.Count > 0)
        {
            var entry = _queue[^1];
            RemoveQueuedLocked(_queue.Count - 1, effects);
            effects.Notify(entry.Request.Talker.Endpoint, new FloorNotice(FloorNoticeKind.QueueExpired, entry.Request.TalkGroup));
            PublishForGroups(g => new FloorQueueExpired(_time.GetUtcNow(), g, entry.Request.Talker));
        }

        EndTransmissionLocked(reason, effects, grantNext: false);
        _hangTimer?.Dispose();
        _hangTimer = null;
        EndCallLocked(_time.GetUtcNow());
    }

    private void SetGroupsLocked(IReadOnlyList<TalkGroupId> groups)
    {
        var old = _groups;
        TalkGroupId[] updated = [.. groups.Distinct()];
        if (_call is { } call)
        {
            var now = _time.GetUtcNow();
            foreach (var left in old.Except(updated))
            {
                _events.Publish(new CallEnded(now, left, call.Id, call.StartedAt, (int)call.Transmissions));
            }

            foreach (var joined in updated.Except(old))
            {
                _events.Publish(new CallStarted(now, joined, call.Id, call.FirstTalker, call.Priority));
            }
        }

        _groups = updated;
    }

    private void EndCallLocked(DateTimeOffset now)
    {
        if (_call is { } call)
        {
            _call = null;
            PublishForGroups(g => new CallEnded(now, g, call.Id, call.StartedAt, (int)call.Transmissions));
        }

        if (_grant is null)
        {
            _phase = FloorPhase.Idle;
            _phaseSince = now;
        }
    }

    private int EnqueueLocked(FloorRequest request, TalkGroupSettings settings, FloorEffects effects)
    {
        // Priority first, then arrival: insert after every entry of equal or higher priority.
        var index = _queue.FindIndex(e => e.Request.Priority < request.Priority);
        if (index < 0)
        {
            index = _queue.Count;
        }

        var entry = new QueueEntry(request, ++_arrivals);
        _queue.Insert(index, entry);
        if (settings.QueueTimeout > TimeSpan.Zero)
        {
            entry.Timer = _time.CreateTimer(static s => ((TimerState)s!).Arbiter.OnQueueExpired((QueueEntry)((TimerState)s!).Target), new TimerState(this, entry), settings.QueueTimeout, Timeout.InfiniteTimeSpan);
        }

        NotifyPositionsFrom(index + 1, effects);
        return index + 1;
    }

    private void RemoveQueuedLocked(int index, FloorEffects effects)
    {
        var entry = _queue[index];
        entry.Timer?.Dispose();
        entry.Timer = null;
        _queue.RemoveAt(index);
        NotifyPositionsFrom(index, effects);
    }

    private void NotifyPositionsFrom(int index, FloorEffects effects)
    {
        for (var i = index; i < _queue.Count; i++)
        {
            var moved = _queue[i].Request;
            effects.Notify(moved.Talker.Endpoint, new FloorNotice(FloorNoticeKind.QueuePositionChanged, moved.TalkGroup, QueuePosition: i + 1));
        }
    }

    private void OnMaxTransmit(FloorGrant grant)
    {
        var effects = new FloorEffects();
        lock (_gate)
        {
            if (!ReferenceEquals(_grant, grant))
            {
                return; // A stale timer: that transmission already ended.
            }

            EndTransmissionLocked(TransmissionEndReason.MaxTransmitTime, effects, grantNext: true);
        }

        Run(effects);
    }

    private void OnHangExpired(CallState call)
    {
        lock (_gate)
        {
            if (_phase != FloorPhase.Hang || !ReferenceEquals(_call, call))
            {
                return;
            }

            _hangTimer?.Dispose();
            _hangTimer = null;
            EndCallLocked(_time.GetUtcNow());
        }
    }

    private void OnQueueExpired(QueueEntry entry)
    {
        var effects = new FloorEffects();
        lock (_gate)
        {
            var index = _queue.IndexOf(entry);
            if (index < 0)
            {
                return;
            }

            RemoveQueuedLocked(index, effects);
            effects.Notify(entry.Request.Talker.Endpoint, new FloorNotice(FloorNoticeKind.QueueExpired, entry.Request.TalkGroup));
            PublishForGroups(g => new FloorQueueExpired(_time.GetUtcNow(), g, entry.Request.Talker));
        }

        Run(effects);
    }

    private void PublishForGroups(Func<TalkGroupId, GatewayEvent> create)
    {
        foreach (var group in _groups)
        {
            _events.Publish(create(group));
        }
    }

    private void Run(FloorEffects effects)
    {
        foreach (var (grant, reason) in effects.Ended)
        {
            _observer?.OnTransmissionEnded(this, grant, reason);
        }

        foreach (var (endpointId, notice) in effects.Notices)
        {
            var endpoint = _resolveEndpoint(endpointId);
            if (endpoint is null)
            {
                continue;
            }

            try
            {
                endpoint.OnFloorNotice(notice);
            }
            catch (Exception)
            {
                // An endpoint's callback failing must not break floor control for everyone else.
                _metrics.Drops.Add(1, new KeyValuePair<string, object?>("reason", "floor_notice_failed"));
            }
        }
    }

    private static FloorHolder? HolderOf(FloorGrant? grant) =>
        grant is null ? null : new FloorHolder(grant.Talker, grant.Priority, grant.GrantedAt);

    private sealed record TimerState(FloorArbiter Arbiter, object Target);

    private sealed class CallState(CallId id, DateTimeOffset startedAt, Talker firstTalker, Priority priority)
    {
        public CallId Id { get; } = id;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public Talker FirstTalker { get; } = firstTalker;

        public Priority Priority { get; } = priority;

        public long Transmissions { get; set; }
    }

    private sealed class QueueEntry(FloorRequest request, long arrival)
    {
        public FloorRequest Request { get; } = request;

        public long Arrival { get; } = arrival;

        public ITimer? Timer { get; set; }
    }
}

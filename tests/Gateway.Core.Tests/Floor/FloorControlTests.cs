using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Floor;

public sealed class FloorControlTests : IDisposable
{
    private readonly Harness _h = new();

    public FloorControlTests()
    {
        _h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        _h.Switchboard.UpsertTalkGroup(Harness.Group("nq", queue: false));
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public void RequestFloor_IdleGroup_GrantsAndStartsCall()
    {
        var e1 = _h.Endpoint("e1", "a");
        _h.DrainEvents();

        var outcome = _h.Ask("a", "e1", Priority.Dispatcher);

        Assert.Equal(FloorOutcomeKind.Granted, outcome.Kind);
        Assert.NotNull(outcome.Grant);
        Assert.Equal(1, outcome.Grant.TransmissionNumber);
        Assert.Equal(_h.Time.GetUtcNow(), outcome.Grant.GrantedAt);
        var events = _h.DrainEvents();
        Assert.Collection(
            events,
            e => Assert.IsType<FloorRequested>(e),
            e => Assert.Equal(outcome.Grant.Call, Assert.IsType<CallStarted>(e).Call),
            e => Assert.Same(outcome.Grant, Assert.IsType<FloorGranted>(e).Grant));
        Assert.All(events, e => Assert.Equal(_h.Time.GetUtcNow(), e.Time));
        var status = _h.Switchboard.GetFloorStatus(new TalkGroupId("a"));
        Assert.Equal(FloorPhase.Taken, status.Phase);
        Assert.Equal(new EndpointId("e1"), status.Holder!.Talker.Endpoint);
        Assert.Equal(outcome.Grant.Call, status.Call);
    }

    [Fact]
    public void RequestFloor_PreemptionChainNormalDispatcherEmergency_EachHigherPriorityTakesOverTheSameCall()
    {
        var normal = _h.Endpoint("normal", "a");
        var dispatcher = _h.Endpoint("dispatcher", "a");
        _h.Endpoint("emergency", "a");

        var first = _h.Ask("a", "normal");
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        var second = _h.Ask("a", "dispatcher", Priority.Dispatcher);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        var third = _h.Ask("a", "emergency", Priority.Emergency);

        Assert.All(new[] { first, second, third }, o => Assert.Equal(FloorOutcomeKind.Granted, o.Kind));
        Assert.Equal(first.Grant!.Call, second.Grant!.Call);
        Assert.Equal(first.Grant.Call, third.Grant!.Call);
        Assert.Equal([1L, 2L, 3L], new[] { first.Grant.TransmissionNumber, second.Grant.TransmissionNumber, third.Grant.TransmissionNumber });

        var normalNotice = Assert.Single(Harness.Notices(normal));
        Assert.Equal(FloorNoticeKind.Revoked, normalNotice.Kind);
        Assert.Equal(TransmissionEndReason.PreEmpted, normalNotice.RevokeReason);
        Assert.Same(first.Grant, normalNotice.Grant);
        var dispatcherNotice = Assert.Single(Harness.Notices(dispatcher));
        Assert.Equal(TransmissionEndReason.PreEmpted, dispatcherNotice.RevokeReason);

        var revoked = _h.Events<FloorRevoked>(_h.DrainEvents());
        Assert.Equal(2, revoked.Count);
        Assert.All(revoked, r => Assert.Equal(TransmissionEndReason.PreEmpted, r.Reason));
        Assert.Equal(Priority.Emergency, _h.Switchboard.GetFloorStatus(new TalkGroupId("a")).Holder!.Priority);
    }

    [Fact]
    public void RequestFloor_EqualOrLowerPriorityWithoutQueue_DeniedWithHolder()
    {
        _h.Endpoint("d", "nq");
        _h.Endpoint("n", "nq");
        _h.Ask("nq", "d", Priority.Dispatcher);
        _h.DrainEvents();

        var equal = _h.Ask("nq", "n", Priority.Dispatcher);
        var lower = _h.Ask("nq", "n", Priority.Normal);

        Assert.Equal(FloorOutcomeKind.Denied, equal.Kind);
        Assert.Equal(FloorOutcomeKind.Denied, lower.Kind);
        Assert.Equal(new EndpointId("d"), equal.Holder!.Talker.Endpoint);
        var denied = _h.Events<FloorDenied>(_h.DrainEvents());
        Assert.Equal(2, denied.Count);
        Assert.Equal(new EndpointId("d"), denied[0].Holder!.Talker.Endpoint);
    }

    [Fact]
    public void RequestFloor_BusyQueueingGroup_QueuesByPriorityThenArrivalAndGrantsInOrder()
    {
        _h.Endpoint("holder", "a");
        var n1 = _h.Endpoint("n1", "a");
        var n2 = _h.Endpoint("n2", "a");
        var d1 = _h.Endpoint("d1", "a");
        _h.Ask("a", "holder", Priority.Alert);

        var q1 = _h.Ask("a", "n1");
        var q2 = _h.Ask("a", "n2");
        var q3 = _h.Ask("a", "d1", Priority.Dispatcher);

        Assert.Equal((FloorOutcomeKind.Queued, 1), (q1.Kind, q1.QueuePosition));
        Assert.Equal((FloorOutcomeKind.Queued, 2), (q2.Kind, q2.QueuePosition));
        Assert.Equal((FloorOutcomeKind.Queued, 1), (q3.Kind, q3.QueuePosition));
        Assert.Equal(new EndpointId("holder"), q3.Holder!.Talker.Endpoint);
        Assert.Equal(3, _h.Switchboard.GetFloorStatus(new TalkGroupId("a")).QueueLength);

        // The dispatcher jumped ahead: both normal requests moved down one place.
        Assert.Equal(2, Harness.Notices(n1).Single(n => n.Kind == FloorNoticeKind.QueuePositionChanged).QueuePosition);
        Assert.Equal(3, Harness.Notices(n2).Last(n => n.Kind == FloorNoticeKind.QueuePositionChanged).QueuePosition);
        var queuedEvents = _h.Events<FloorQueued>(_h.DrainEvents());
        Assert.Equal([1, 2, 1], queuedEvents.Select(q => q.Position));

        var order = new List<EndpointId>();
        foreach (var next in new[] { d1, n1, n2 })
        {
            var holder = _h.Switchboard.GetFloorStatus(new TalkGroupId("a")).Holder!.Talker.Endpoint;
            _h.Switchboard.ReleaseFloor(holder, new TalkGroupId("a"));
            var granted = Assert.Single(Harness.Notices(next), n => n.Kind == FloorNoticeKind.Granted);
            order.Add(granted.Grant!.Talker.Endpoint);
        }

        Assert.Equal([new EndpointId("d1"), new EndpointId("n1"), new EndpointId("n2")], order);
    }

    [Fact]
    public void QueuedRequest_AfterQueueTimeout_ExpiresWithNoticeAndEvent()
    {
        _h.Endpoint("holder", "a");
        var waiting = _h.Endpoint("waiting", "a");
        _h.Ask("a", "holder");
        Assert.Equal(FloorOutcomeKind.Queued, _h.Ask("a", "waiting").Kind);
        _h.DrainEvents();

        _h.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, _h.Switchboard.GetFloorStatus(new TalkGroupId("a")).QueueLength);
        _h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, _h.Switchboard.GetFloorStatus(new TalkGroupId("a")).QueueLength);
        Assert.Equal(FloorNoticeKind.QueueExpired, Assert.Single(Harness.Notices(waiting)).Kind);
        var expired = Assert.Single(_h.Events<FloorQueueExpired>(_h.DrainEvents()));
        Assert.Equal(new EndpointId("waiting"), expired.Talker.Endpoint);

        // The expired request is gone: a release now leads to hang, not a grant.
        _h.Switchboard.ReleaseFloor(new EndpointId("holder"), new TalkGroupId("a"));
        Assert.Equal(FloorPhase.Hang, _h.Switchboard.GetFloorStatus(new TalkGroupId("a")).Phase);
    }

    [Fact]
    public void ReleaseFloor_ByQueuedEndpoint_WithdrawsItsRequest()
    {
        _h.Endpoint("holder", "a");
        _h.Endpoint("waiting", "a");
        _h.Ask("a", "holder");
        _h.Ask("a", "waiting");

        _h.Switchboard.ReleaseFloor(new EndpointId("waiting"), new TalkGroupId("a"));

        var status = _h.Switchboard.GetFloorStatus(new TalkGroupId("a"));
        Assert.Equal(0, status.QueueLength);
        Assert.Equal(new EndpointId("holder"), status.Holder!.Talker.Endpoint);
    }

    [Fact]
    public void Transmission_ReachingMaxTransmitTime_IsRevokedAndQueueHeadGranted()
    {
        _h.Switchboard.UpsertTalkGroup(Harness.Group("short", maxTransmitSeconds: 10));
        var talker = _h.Endpoint("talker", "short");
        var next = _h.Endpoint("next", "short");
        _h.Ask("short", "talker");
        _h.Ask("short", "next");
        _h.DrainEvents();

        _h.Time.Advance(TimeSpan.FromSeconds(9.98));
        Assert.Empty(Harness.Notices(talker));
        _h.Time.Advance(TimeSpan.FromMilliseconds(20));

        var revoked = Assert.Single(Harness.Notices(talker));
        Assert.Equal((FloorNoticeKind.Revoked, TransmissionEndReason.MaxTransmitTime), (revoked.Kind, revoked.RevokeReason));
        Assert.Equal(FloorNoticeKind.Granted, Assert.Single(Harness.Notices(next)).Kind);
        var events = _h.DrainEvents();
        Assert.Equal(TransmissionEndReason.MaxTransmitTime, Assert.Single(_h.Events<FloorRevoked>(events)).Reason);
        Assert.Equal(new EndpointId("next"), Assert.Single(_h.Events<FloorGranted>(events)).Grant.Talker.Endpoint);
    }

    [Fact]
    public void NewTransmission_WithinHangTime_ContinuesTheCall_AfterHangTime_StartsANewOne()
    {
        _h.Endpoint("e1", "a");
        _h.Endpoint("e2", "a");
        var first = _h.Ask("a", "e1").Grant!;
        _h.Time.Advance(TimeSpan.FromSeconds(5));
        _h.Switchboard.ReleaseFloor(new EndpointId("e1"), new TalkGroupId("a"));
        Assert.Equal(FloorPhase.Hang, _h.Switchboard.GetFloorStatus(new TalkGroupId("a")).Phase);

        _h.Time.Advance(TimeSpan.FromMilliseconds(2999));
        var second = _h.Ask("a", "e2").Grant!;
        Assert.Equal(first.Call, second.Call);
        Assert.Equal(2, second.TransmissionNumber);
        Assert.Empty(_h.Events<CallEnded>(_h.DrainEvents()));

        _h.Switchboard.ReleaseFloor(new EndpointId("e2"), new TalkGroupId("a"));
        _h.Time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Empty(_h.Events<CallEnded>(_h.DrainEvents()));
        _h.Time.Advance(TimeSpan.FromMilliseconds(1));

        var ended = Assert.Single(_h.Events<CallEnded>(_h.DrainEvents()));
        Assert.Equal(first.Call, ended.Call);
        Assert.Equal(2, ended.Transmissions);
        Assert.Equal(first.GrantedAt, ended.StartedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(5000 + 2999 + 3000), ended.Duration);
        Assert.Equal(FloorPhase.Idle, _h.Switchboard.GetFloorStatus(new TalkGroupId("a")).Phase);

        var third = _h.Ask("a", "e1").Grant!;
        Assert.NotEqual(first.Call, third.Call);
        Assert.Equal(1, third.TransmissionNumber);
    }

    [Fact]
    public void SetEndpointOnline_HolderGoesOffline_RevokedHolderLostAndOfflineRequestsDenied()
    {
        var talker = _h.Endpoint("talker", "a");
        _h.Ask("a", "talker");
        _h.DrainEvents();

        _h.Switchboard.SetEndpointOnline(new EndpointId("talker"), online: false, "socket closed");

        var notice = Assert.Single(Harness.Notices(talker));
        Assert.Equal(TransmissionEndReason.HolderLost, notice.RevokeReason);
        var events = _h.DrainEvents();
        Assert.Equal(TransmissionEndReason.HolderLost, Assert.Single(_h.Events<FloorRevoked>(events)).Reason);
        var state = Assert.Single(_h.Events<EndpointStateChanged>(events));
        Assert.Equal((EndpointState.Offline, "socket closed"), (state.State, state.Reason));
        Assert.Equal(FloorOutcomeKind.Denied, _h.Ask("a", "talker").Kind);
        Assert.Equal(EndpointState.Offline, _h.Switchboard.Endpoints.Single(e => e.Id.Value == "talker").State);

        _h.Switchboard.SetEndpointOnline(new EndpointId("talker"), online: true, "reconnected");
        Assert.Equal(FloorOutcomeKind.Granted, _h.Ask("a", "talker").Kind);
    }

    [Fact]
    public void RequestFloor_ByCurrentHolder_IsIdempotent()
    {
        _h.Endpoint("e1", "a");
        var first = _h.Ask("a", "e1");
        _h.DrainEvents();

        var again = _h.Ask("a", "e1", Priority.Emergency);

        Assert.Equal(FloorOutcomeKind.Granted, again.Kind);
        Assert.Same(first.Grant, again.Grant);
        Assert.Empty(_h.DrainEvents());
    }

    [Fact]
    public void RequestFloor_UnknownGroup_Denied()
    {
        var outcome = _h.Ask("nope", "e1");

        Assert.Equal(FloorOutcomeKind.Denied, outcome.Kind);
        Assert.Contains("nope", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_WithZeroHangTime_EndsCallImmediately()
    {
        _h.Switchboard.UpsertTalkGroup(Harness.Group("nohang", hangMs: 0));
        _h.Endpoint("e1", "nohang");
        _h.Ask("nohang", "e1");

        _h.Switchboard.ReleaseFloor(new EndpointId("e1"), new TalkGroupId("nohang"));

        Assert.Single(_h.Events<CallEnded>(_h.DrainEvents()));
        Assert.Equal(FloorPhase.Idle, _h.Switchboard.GetFloorStatus(new TalkGroupId("nohang")).Phase);
    }

    [Fact]
    public void RemoveTalkGroup_WithActiveTransmission_RevokesGroupRemovedAndEndsCall()
    {
        var talker = _h.Endpoint("talker", "a");
        var listener = _h.Endpoint("listener", "a");
        _h.Ask("a", "talker");
        _h.Submit("talker", "a", Harness.Tone(0));

        Assert.True(_h.Switchboard.RemoveTalkGroup(new TalkGroupId("a")));

        Assert.Equal(TransmissionEndReason.GroupRemoved, Assert.Single(Harness.Notices(talker)).RevokeReason);
        Assert.Equal(1, listener.EndsOfTransmission);
        var events = _h.DrainEvents();
        Assert.Single(_h.Events<CallEnded>(events));
        Assert.Contains(events, e => e is TalkGroupChanged { Change: "removed" });
        Assert.Null(_h.Switchboard.FindTalkGroup(new TalkGroupId("a")));
        Assert.DoesNotContain(_h.Switchboard.Endpoints, e => e.Id.Value == "talker");
        Assert.False(_h.Switchboard.RemoveTalkGroup(new TalkGroupId("a")));
    }

    [Fact]
    public void UpsertTalkGroup_Update_KeepsMembersAndAppliesNewPolicy()
    {
        _h.Endpoint("e1", "a");
        _h.Endpoint("e2", "a");
        _h.Switchboard.UpsertTalkGroup(Harness.Group("a", queue: false));
        _h.Ask("a", "e1");

        Assert.Equal(FloorOutcomeKind.Denied, _h.Ask("a", "e2").Kind);
        Assert.Equal(2, _h.Switchboard.FindTalkGroup(new TalkGroupId("a"))!.Endpoints.Count);
    }

    [Fact]
    public void Dispose_WithActiveTransmission_RevokesShutdownAndEndsListenersButNotTalker()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("s"));
        var talker = h.Endpoint("talker", "s");
        var listener = h.Endpoint("listener", "s");
        h.Ask("s", "talker");
        h.Submit("talker", "s", Harness.Tone(0));

        h.Switchboard.Dispose();

        Assert.Equal(TransmissionEndReason.Shutdown, Assert.Single(Harness.Notices(talker)).RevokeReason);
        Assert.Equal(1, listener.EndsOfTransmission);
        Assert.Equal(0, talker.Delivered);
        Assert.Single(h.Events<CallEnded>(h.DrainEvents()));
    }
}

using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Tests.TestDoubles;
using Gateway.Core.Units;
using Gateway.Core.UnitState;

namespace Gateway.Core.Tests.UnitState;

public sealed class UnitStateServiceTests
{
    [Fact]
    public async Task OnSignal_Rfc4733DigitsFromAPeer_RaisesEmergencyAndNextTalkPreemptsTheDispatcher()
    {
        await using var rig = await UnitStateRig.StartAsync();
        Assert.Equal(FloorOutcomeKind.Granted, rig.Talk(rig.Console, null, Priority.Dispatcher).Kind);

        foreach (var digit in "*9031#")
        {
            rig.Signal(rig.Peer, SignalKind.Dtmf, digit.ToString());
        }

        var raised = rig.WaitFor<EmergencyRaised>();
        Assert.Equal(UnitStateRig.N1, raised.Unit);
        Assert.Equal(UnitStateRig.North, raised.Group);
        Assert.Equal("dtmf:rtp-peer", raised.Source);
        Assert.True(rig.Service.GetEmergency(UnitStateRig.N1)!.PriorityPending);

        // The peer's talkers carry no unit: the boost matches the endpoint the emergency came from.
        var outcome = rig.Talk(rig.Peer, null);
        Assert.Equal(FloorOutcomeKind.Granted, outcome.Kind);
        Assert.Equal(Priority.Emergency, outcome.Grant!.Priority);
        var revoked = rig.WaitFor<FloorRevoked>();
        Assert.Equal(rig.Console.Id, revoked.Grant.Talker.Endpoint);
        Assert.Equal(TransmissionEndReason.PreEmpted, revoked.Reason);
        Eventually.True(() => rig.Service.GetEmergency(UnitStateRig.N1)?.PriorityPending == false, "the boost is recorded as used");
    }

    [Fact]
    public async Task OnSignal_MumbleSosWithNote_RaisesForTheSenderWithTheNote()
    {
        await using var rig = await UnitStateRig.StartAsync();

        rig.Signal(rig.Radio, SignalKind.Text, "SOS north gate", UnitStateRig.N1);

        var raised = rig.WaitFor<EmergencyRaised>();
        Assert.Equal(UnitStateRig.N1, raised.Unit);
        Assert.Equal("north gate", raised.Note);
        Assert.Equal("text:radio-n1", raised.Source);
    }

    [Fact]
    public async Task OnSignal_TextFromAnUnknownSender_IsIgnored()
    {
        await using var rig = await UnitStateRig.StartAsync();

        rig.Signal(rig.Radio, SignalKind.Text, "SOS");
        rig.Signal(rig.Radio, SignalKind.Text, "on scene", new UnitId("n2"));

        rig.WaitFor<UnitStatusChanged>(); // the later signal was handled, so the earlier one was too
        Assert.Empty(rig.Service.Emergencies);
    }

    [Fact]
    public async Task RequestFloor_AfterBoostUsed_OpenMicWindowKeepsEmergencyThenExpires()
    {
        await using var rig = await UnitStateRig.StartAsync();
        rig.Service.RaiseEmergency(UnitStateRig.N1, null, "grpc:test");

        Assert.Equal(Priority.Emergency, rig.Talk(rig.Radio, UnitStateRig.N1).Grant!.Priority);
        rig.Release(rig.Radio);
        rig.Time.Advance(TimeSpan.FromSeconds(10)); // inside the 15 s window
        Assert.Equal(Priority.Emergency, rig.Talk(rig.Radio, UnitStateRig.N1).Grant!.Priority);
        rig.Release(rig.Radio);

        rig.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(rig.Policy.IsBoosted(UnitStateRig.N1, UnitStateRig.North));
        Assert.Equal(FloorOutcomeKind.Granted, rig.Talk(rig.Console, null, Priority.Dispatcher).Kind);
        Assert.NotEqual(FloorOutcomeKind.Granted, rig.Talk(rig.Radio, UnitStateRig.N1).Kind); // a normal unit no longer pre-empts
        Assert.NotNull(rig.Service.GetEmergency(UnitStateRig.N1)); // the emergency itself stays until cleared
    }

    [Fact]
    public async Task RequestFloor_OtherUnitOrOtherGroup_IsNotBoosted()
    {
        await using var rig = await UnitStateRig.StartAsync();
        rig.Service.RaiseEmergency(UnitStateRig.N1, null, "grpc:test");

        Assert.Equal(Priority.Normal, rig.Talk(rig.Radio, new UnitId("n2")).Grant!.Priority);
        var south = rig.Switchboard.RequestFloor(new FloorRequest(new TalkGroupId("south"), new Talker(rig.Radio.Id, UnitStateRig.N1, "n1"), Priority.Normal));
        Assert.NotEqual(Priority.Emergency, south.Grant?.Priority ?? Priority.Normal);
        Assert.True(rig.Policy.IsBoosted(UnitStateRig.N1, UnitStateRig.North));
    }

    [Fact]
    public async Task CancelEmergency_WithinGrace_CancelsAndRemovesTheBoost()
    {
        await using var rig = await UnitStateRig.StartAsync();
        rig.Signal(rig.Radio, SignalKind.Text, "SOS", UnitStateRig.N1);
        rig.WaitFor<EmergencyRaised>();
        rig.Time.Advance(TimeSpan.FromSeconds(9));

        rig.Signal(rig.Radio, SignalKind.Text, "SOS cancel", UnitStateRig.N1);

        var cancelled = rig.WaitFor<EmergencyCancelled>();
        Assert.Equal(UnitStateRig.N1, cancelled.Unit);
        Assert.Null(rig.Service.GetEmergency(UnitStateRig.N1));
        Assert.False(rig.Policy.IsBoosted(UnitStateRig.N1, UnitStateRig.North));
    }

    [Fact]
    public async Task CancelEmergency_AfterGrace_IsRefusedAndTheEmergencyStays()
    {
        await using var rig = await UnitStateRig.StartAsync();
        var raised = rig.Service.RaiseEmergency(UnitStateRig.N1, null, "grpc:test");
        rig.Time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(EmergencyCancelOutcome.GraceExpired, rig.Service.CancelEmergency(UnitStateRig.N1, "dtmf:radio-n1"));
        Assert.Equal(raised, rig.Service.GetEmergency(UnitStateRig.N1));
        Assert.Equal(EmergencyCancelOutcome.NotInEmergency, rig.Service.CancelEmergency(new UnitId("n2"), "dtmf:radio-n1"));
    }

    [Fact]
    public async Task OnSignal_DtmfCancelSharingThePrefix_CancelsTheUnitNamedByTheLongerCode()
    {
        await using var rig = await UnitStateRig.StartAsync();
        rig.Signal(rig.Peer, SignalKind.Dtmf, "*9031#");
        rig.WaitFor<EmergencyRaised>();

        rig.Signal(rig.Peer, SignalKind.Dtmf, "*99031#");

        Assert.Equal(UnitStateRig.N1, rig.WaitFor<EmergencyCancelled>().Unit);
    }

    [Fact]
    public async Task ClearEmergency_ByDispatcher_PublishesClearedAndEndsTheState()
    {
        await using var rig = await UnitStateRig.StartAsync();
        rig.Service.RaiseEmergency(UnitStateRig.N1, null, "grpc:test", "gate 3", 23.13, 113.32);
        rig.Time.Advance(TimeSpan.FromMinutes(30));

        var cleared = rig.Service.ClearEmergency(UnitStateRig.N1, "grpc:dispatch", "resolved");

        Assert.NotNull(cleared);
        Assert.Equal(23.13, cleared.Latitude);
        var e = rig.WaitFor<EmergencyCleared>();
        Assert.Equal(("grpc:dispatch", "resolved"), (e.ClearedBy, e.Note));
        Assert.Null(rig.Service.GetEmergency(UnitStateRig.N1));
        Assert.Null(rig.Service.ClearEmergency(UnitStateRig.N1, "grpc:dispatch"));
        var unknown = Assert.Throws<UnitStateException>(() => rig.Service.ClearEmergency(new UnitId("nobody"), "grpc:dispatch"));
        Assert.True(unknown.NotFound);
    }

    [Fact]
    public async Task RaiseEmergency_UnknownUnitOrGroup_ThrowsNamingTheField()
    {
        await using var rig = await UnitStateRig.StartAsync();

        var unit = Assert.Throws<UnitStateException>(() => rig.Service.RaiseEmergency(new UnitId("nobody"), null, "grpc:test"));
        var group = Assert.Throws<UnitStateException>(() => rig.Service.RaiseEmergency(UnitStateRig.N1, new TalkGroupId("west"), "grpc:test"));

        Assert.Equal(("unit_id", true), (unit.Field, unit.NotFound));
        Assert.Equal(("talk_group_id", true), (group.Field, group.NotFound));
    }

    [Fact]
    public async Task StartAsync_AfterRestart_RestoresTheEmergencyAndItsPendingBoostUntilCleared()
    {
        await using var rig = await UnitStateRig.StartAsync();
        var raised = rig.Service.RaiseEmergency(UnitStateRig.N1, null, "dtmf:radio-n1");
        rig.Service.SetStatus(UnitStateRig.N1, "responding", "grpc:test");

        await rig.RestartAsync();

        Assert.Equal(raised, rig.Service.GetEmergency(UnitStateRig.N1));
        Assert.Equal("responding", rig.Service.GetStatus(UnitStateRig.N1)!.Name);
        Assert.Equal(Priority.Emergency, rig.Talk(rig.Radio, UnitStateRig.N1).Grant!.Priority);
        rig.Release(rig.Radio);
        Eventually.True(() => rig.Service.GetEmergency(UnitStateRig.N1)?.PriorityPending == false, "the boost is recorded as used");

        await rig.RestartAsync();
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(rig.Service.GetEmergency(UnitStateRig.N1)!.PriorityPending);
        Assert.Equal(Priority.Normal, rig.Talk(rig.Radio, UnitStateRig.N1).Grant!.Priority);

        rig.Service.ClearEmergency(UnitStateRig.N1, "grpc:dispatch");
        await rig.RestartAsync();
        Assert.Null(rig.Service.GetEmergency(UnitStateRig.N1));
    }

    [Fact]
    public async Task SetStatus_ThroughDtmfSelCallAndApi_RecordsStatusTimeAndSource()
    {
        await using var rig = await UnitStateRig.StartAsync();

        rig.Signal(rig.Peer, SignalKind.Dtmf, "*72031#");
        var first = rig.WaitFor<UnitStatusChanged>();
        rig.Time.Advance(TimeSpan.FromSeconds(30));
        rig.Units.Upsert(new UnitSettings(new UnitId("short"), "Short code", [UnitStateRig.North], null, "1203", null));
        rig.Signal(rig.Peer, SignalKind.SelCall, "12031"); // n1's plain ANI: an identification, not "available" (1) from unit 1203
        rig.Signal(rig.Peer, SignalKind.SelCall, "120313");
        var second = rig.WaitFor<UnitStatusChanged>();
        Assert.Null(rig.Service.GetStatus(new UnitId("short")));

        Assert.Equal(("on_post", null, "dtmf:rtp-peer"), (first.Status, first.Previous, first.Source));
        Assert.Equal(("responding", "on_post", "selcall:rtp-peer"), (second.Status, second.Previous, second.Source));
        Assert.Equal(new UnitStatus("responding", rig.Time.GetUtcNow(), "selcall:rtp-peer", null), rig.Service.GetStatus(UnitStateRig.N1));
        var unknown = Assert.Throws<UnitStateException>(() => rig.Service.SetStatus(UnitStateRig.N1, "asleep", "grpc:test"));
        Assert.Equal("status", unknown.Field);
        Assert.Contains("on_scene", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetStatus_NeedBackup_PagesTheUnitsMutualAidGroup()
    {
        await using var rig = await UnitStateRig.StartAsync();
        rig.Units.CheckIn(new UnitId("s1"), null, null, "test"); // the page goes to on-duty units

        rig.Signal(rig.Radio, SignalKind.Text, "need backup at gate 3", UnitStateRig.N1);

        Assert.Equal("need_backup", rig.WaitFor<UnitStatusChanged>().Status);
        Eventually.True(() => rig.Alerts.List().Count == 1, "a mutual-aid page");
        var page = rig.Alerts.List()[0];
        Assert.Equal(["south"], page.Request.Targets.TalkGroups);
        Assert.Equal("unit:n1", page.CreatedBy);
        Assert.Contains("gate 3", page.Request.Text, StringComparison.Ordinal);
        Assert.Equal([new UnitId("s1")], page.Units.Select(u => u.Unit));
    }

    [Fact]
    public async Task SetStatus_RespondingAndOnSceneDuringAnAlert_AppearOnTheBoardWithCounts()
    {
        await using var rig = await UnitStateRig.StartAsync();
        var alert = await rig.Alerts.BroadcastAsync(new AlertRequest(new AlertTargets(["north"], [], false), Priority.Alert, AlertSignalling.None, null, "fire", 0, true, null, []), "test");
        Eventually.True(() => rig.Alerts.Get(alert.Id)!.State == AlertState.AwaitingAck, "alert armed");
        var notified = rig.Alerts.Get(alert.Id)!.Units[0].NotifiedAt!.Value;

        rig.Time.Advance(TimeSpan.FromSeconds(40));
        rig.Signal(rig.Radio, SignalKind.Text, "responding", UnitStateRig.N1); // also acknowledges
        rig.WaitFor<AlertUnitStatusRecorded>();
        rig.Time.Advance(TimeSpan.FromSeconds(110));
        rig.Signal(rig.Peer, SignalKind.Dtmf, "*74031#"); // on scene after 2.5 min
        rig.WaitFor<AlertUnitStatusRecorded>(e => e.Milestone == UnitAlertMilestone.OnScene);
        rig.Time.Advance(TimeSpan.FromSeconds(90));
        rig.Service.SetStatus(new UnitId("n2"), "on_scene", "grpc:dispatch"); // n2: acknowledges and arrives at 4 min
        rig.WaitFor<AlertUnitStatusRecorded>(e => e.Unit.Value == "n2");

        var board = rig.Alerts.Get(alert.Id)!;
        var n1 = board.Units.Single(u => u.Unit == UnitStateRig.N1);
        var n2 = board.Units.Single(u => u.Unit.Value == "n2");
        Assert.Equal(notified + TimeSpan.FromSeconds(40), n1.AcknowledgedAt);
        Assert.Equal(AckSource.MumbleText, n1.Via);
        Assert.Equal(notified + TimeSpan.FromSeconds(40), n1.RespondingAt);
        Assert.Equal(notified + TimeSpan.FromSeconds(150), n1.OnSceneAt);
        Assert.Equal(TimeSpan.FromMinutes(4), n2.ArrivalTime);
        Assert.Equal(AlertState.Completed, board.State); // everyone acknowledged; arrivals still count
        Assert.Equal((2, 1, 2, 1, 2), (board.Counts.Acknowledged, board.Counts.Within1Minute, board.Counts.OnScene, board.Counts.OnSceneWithin3Minutes, board.Counts.OnSceneWithin5Minutes));
    }

    [Fact]
    public async Task SetStatus_OutsideAnyAlert_ChangesNoAlert()
    {
        await using var rig = await UnitStateRig.StartAsync();
        var alert = await rig.Alerts.BroadcastAsync(new AlertRequest(new AlertTargets(["north"], [], false), Priority.Alert, AlertSignalling.None, null, "fire", 0, true, null, []), "test");
        Eventually.True(() => rig.Alerts.Get(alert.Id)!.State == AlertState.AwaitingAck, "alert armed");
        rig.Alerts.Cancel(alert.Id, "stood down");

        rig.Service.SetStatus(UnitStateRig.N1, "on_scene", "grpc:test");

        Assert.All(rig.Alerts.Get(alert.Id)!.Units, u => Assert.Null(u.OnSceneAt));
    }
}

using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Alerts;

public sealed class AlertAcknowledgementTests
{
    [Fact]
    public async Task Acknowledge_Duplicate_KeepsFirstTimeAndCountsDuplicate()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(), "test");
        var notified = rig.WaitForState(alert.Id, AlertState.AwaitingAck).Units[0].NotifiedAt!.Value;
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(45));
        var first = rig.Engine.Acknowledge(alert.Id, new UnitId("n1"), AckSource.Grpc);
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(30));
        var again = rig.Engine.Acknowledge(alert.Id, new UnitId("n1"), AckSource.MumbleText);

        Assert.Equal(AckOutcomeKind.First, first.Kind);
        Assert.Equal(AckOutcomeKind.Duplicate, again.Kind);
        var status = rig.Engine.Get(alert.Id)!.Units.Single(u => u.Unit == new UnitId("n1"));
        Assert.Equal(notified + TimeSpan.FromSeconds(45), status.AcknowledgedAt);
        Assert.Equal(TimeSpan.FromSeconds(45), status.ResponseTime);
        Assert.Equal(AckSource.Grpc, status.Via);
        Assert.Equal(1, status.DuplicateAcks);
        var acks = rig.Events<AlertAcknowledged>();
        Assert.Equal([true, false], acks.Select(a => a.First));
    }

    [Fact]
    public async Task Acknowledge_UnknownAlertOrUnit_Rejected()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(), "test");
        Assert.Equal(AckOutcomeKind.UnknownAlert, rig.Engine.Acknowledge("alert-nope", new UnitId("n1"), AckSource.Grpc).Kind);
        var stranger = rig.Engine.Acknowledge(alert.Id, new UnitId("s1"), AckSource.Grpc);
        Assert.Equal(AckOutcomeKind.UnitNotTargeted, stranger.Kind);
        Assert.Contains("s1", stranger.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_ResponseTimes_CountedWithin1And3And5Minutes()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(groups: ["north", "south", "reinforce"]), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck);
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(50));
        rig.Engine.Acknowledge(alert.Id, new UnitId("n1"), AckSource.Grpc);
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(100));
        rig.Engine.Acknowledge(alert.Id, new UnitId("n2"), AckSource.Grpc);
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(100));
        rig.Engine.Acknowledge(alert.Id, new UnitId("s1"), AckSource.Grpc);

        var counts = rig.Engine.Get(alert.Id)!.Counts;
        Assert.Equal(new AlertCounts(4, 3, 1, 2, 3, 1), counts);
    }

    [Fact]
    public async Task CheckOut_MidAlert_MarkedCheckedOutNotOutstanding()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(escalation: AlertRig.Ladder), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck);
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(10));
        rig.Units.CheckOut(new UnitId("n2"), "end of shift", "test");
        Eventually.True(() => rig.Engine.Get(alert.Id)!.Units.Single(u => u.Unit == new UnitId("n2")).CheckedOutAt is not null, "n2 checked out on the alert");
        rig.Engine.Acknowledge(alert.Id, new UnitId("n1"), AckSource.Grpc);

        var done = rig.Engine.Get(alert.Id)!;
        Assert.Equal(AlertState.Completed, done.State);
        var n2 = done.Units.Single(u => u.Unit == new UnitId("n2"));
        Assert.Equal((rig.Now, (DateTimeOffset?)null), (n2.CheckedOutAt!.Value, n2.AcknowledgedAt));
        Assert.Equal(0, done.Counts.Outstanding);
    }

    [Fact]
    public async Task Broadcast_OnDutyOnly_TargetsOnlyUnitsOnDuty()
    {
        await using var rig = await AlertRig.StartAsync();
        rig.Units.CheckIn(new UnitId("n1"), "gate 3", null, "test");
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(groups: ["north", "south"], onDutyOnly: true), "test");
        Assert.Equal([new UnitId("n1")], alert.Units.Select(u => u.Unit));

        var everyone = await rig.Engine.BroadcastAsync(AlertRig.Request(groups: ["north", "south"]), "test");
        Assert.Equal(3, everyone.Units.Count);
    }

    [Fact]
    public async Task Broadcast_UnknownGroup_NamesField()
    {
        await using var rig = await AlertRig.StartAsync();
        var ex = await Assert.ThrowsAsync<AlertValidationException>(() => rig.Engine.BroadcastAsync(AlertRig.Request(groups: ["nowhere"]), "test"));
        Assert.Equal("targets.talk_group_ids", ex.Field);
    }

    [Theory]
    [InlineData(SignalKind.Dtmf, "031#", "n1", AckSource.Dtmf)]
    [InlineData(SignalKind.Dtmf, "*032", "n2", AckSource.Dtmf)]
    [InlineData(SignalKind.SelCall, "12032", "n2", AckSource.SelCallAni)]
    public async Task FieldSignal_UnitIdentity_AcknowledgesOpenAlert(SignalKind kind, string value, string unit, AckSource via)
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck);
        rig.Harness.Bus.Publish(new SignalReceived(rig.Now, new EndpointId("rtp-1"), new TalkGroupId("north"), null, kind, value));
        Eventually.True(() => rig.Engine.Get(alert.Id)!.Units.Single(u => u.Unit == new UnitId(unit)).Via == via, $"{unit} acknowledged via {via}");
    }

    [Fact]
    public async Task FieldSignal_DtmfDigitByDigitAndMumbleText_Acknowledge()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck);
        foreach (var digit in "031#")
        {
            rig.Engine.OnSignal(new SignalReceived(rig.Now, new EndpointId("radio-1"), null, null, SignalKind.Dtmf, digit.ToString()));
        }

        rig.Engine.OnSignal(new SignalReceived(rig.Now, new EndpointId("mumble"), null, new UnitId("n2"), SignalKind.Text, "hello"));
        Assert.Equal(1, rig.Engine.Get(alert.Id)!.Counts.Outstanding); // "hello" is not an acknowledgement
        rig.Engine.OnSignal(new SignalReceived(rig.Now, new EndpointId("mumble"), null, new UnitId("n2"), SignalKind.Text, " Roger "));

        var board = rig.Engine.Get(alert.Id)!;
        Assert.Equal(AckSource.Dtmf, board.Units.Single(u => u.Unit == new UnitId("n1")).Via);
        Assert.Equal(AckSource.MumbleText, board.Units.Single(u => u.Unit == new UnitId("n2")).Via);
        Assert.Equal(AlertState.Completed, board.State);
    }

    [Theory]
    [InlineData("radio-n1", "#", "n1")] // no id keyed in: the terminal's unit
    [InlineData("radio-n1", "032#", "n2")] // an id in the digits still names the unit (a borrowed radio)
    public async Task FieldSignal_DtmfFromTerminalBoundToUnit_AcknowledgesForTheRightUnit(string endpoint, string digits, string unit)
    {
        await using var rig = await AlertRig.StartAsync();
        Assert.True(rig.Harness.Bindings.TryBind(new EndpointId("radio-n1"), new UnitId("n1"), out _));
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck);

        // Published as an RTP connector does: digit by digit, without a unit.
        foreach (var digit in digits)
        {
            rig.Harness.Bus.Publish(new SignalReceived(rig.Now, new EndpointId(endpoint), new TalkGroupId("north"), null, SignalKind.Dtmf, digit.ToString()));
        }

        Eventually.True(() => rig.Engine.Get(alert.Id)!.Units.Single(u => u.Unit == new UnitId(unit)).Via == AckSource.Dtmf, $"{unit} acknowledged by DTMF");
        Assert.Equal(1, rig.Engine.Get(alert.Id)!.Counts.Outstanding);
    }

    [Fact]
    public async Task FieldSignal_HashFromUnboundTerminalOrUnknownCodeFromBoundOne_AcknowledgesNobody()
    {
        await using var rig = await AlertRig.StartAsync();
        Assert.True(rig.Harness.Bindings.TryBind(new EndpointId("radio-n1"), new UnitId("n1"), out _));
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck);

        rig.Engine.OnSignal(new SignalReceived(rig.Now, new EndpointId("console-3"), null, null, SignalKind.Dtmf, "#"));
        rig.Engine.OnSignal(new SignalReceived(rig.Now, new EndpointId("console-3"), null, null, SignalKind.Dtmf, "999#"));

        // As the bus delivers them from the bound radio: a status code (*73#) is not the sender's acknowledgement.
        rig.Engine.OnSignal(new SignalReceived(rig.Now, new EndpointId("radio-n1"), null, new UnitId("n1"), SignalKind.Dtmf, "*73#"));

        Assert.Equal(2, rig.Engine.Get(alert.Id)!.Counts.Outstanding);
    }
}

using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Core.Identity;

namespace Gateway.Core.Tests.Alerts;

public sealed class AlertEscalationTests
{
    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Escalation_OneThreeFiveLadder_FiresExactlyAt60And180And300Seconds()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(escalation: AlertRig.Ladder), "test");
        var armed = rig.WaitForState(alert.Id, AlertState.AwaitingAck).ArmedAt!.Value;
        Assert.Equal(armed, rig.Now);
        rig.Harness.DrainEvents();

        rig.Harness.Time.Advance(TimeSpan.FromSeconds(60) - OneMs);
        Assert.Empty(rig.Events<AlertEscalated>());
        rig.Harness.Time.Advance(OneMs);
        var first = Assert.Single(rig.Events<AlertEscalated>());
        Assert.Equal((1, EscalationAction.RepageUnacknowledged), (first.Step, first.Action));
        Assert.Equal([new UnitId("n1"), new UnitId("n2")], first.Outstanding);
        Assert.Equal([new TalkGroupId("north")], first.Groups);
        Assert.Equal(AlertState.Escalated, rig.Engine.Get(alert.Id)!.State);

        rig.Harness.Time.Advance(TimeSpan.FromSeconds(120) - OneMs);
        Assert.Empty(rig.Events<AlertEscalated>());
        rig.Harness.Time.Advance(OneMs);
        var second = Assert.Single(rig.Events<AlertEscalated>());
        Assert.Equal((2, EscalationAction.PageGroups), (second.Step, second.Action));
        Assert.Equal([new TalkGroupId("south")], second.Groups);
        Assert.Contains(rig.Engine.Get(alert.Id)!.Units, u => u.Unit == new UnitId("s1") && u.NotifiedAt == armed + TimeSpan.FromSeconds(180));

        rig.Harness.Time.Advance(TimeSpan.FromSeconds(120) - OneMs);
        Assert.Empty(rig.Events<AlertEscalated>());
        rig.Harness.Time.Advance(OneMs);
        var events = rig.Harness.DrainEvents();
        var third = Assert.Single(events.OfType<AlertEscalated>());
        Assert.Equal((3, EscalationAction.RaiseEmergency), (third.Step, third.Action));
        var emergency = Assert.Single(events.OfType<AlertEmergencyRaised>());
        Assert.Equal([new TalkGroupId("reinforce")], emergency.Groups);
        Assert.Equal(armed + TimeSpan.FromSeconds(300), emergency.Time);
        Assert.Equal(3, rig.Engine.Get(alert.Id)!.EscalationStep);
    }

    [Fact]
    public async Task Escalation_EveryUnitAcknowledged_StopsLadderAndCompletes()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(escalation: AlertRig.Ladder), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck);
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(70));
        Assert.Single(rig.Events<AlertEscalated>());

        Assert.Equal(AckOutcomeKind.First, rig.Engine.Acknowledge(alert.Id, new UnitId("n1"), AckSource.Grpc).Kind);
        Assert.Equal(AckOutcomeKind.First, rig.Engine.Acknowledge(alert.Id, new UnitId("n2"), AckSource.Grpc).Kind);
        var done = rig.Engine.Get(alert.Id)!;
        Assert.Equal(AlertState.Completed, done.State);
        Assert.Equal(rig.Now, done.EndedAt);

        rig.Harness.Time.Advance(TimeSpan.FromSeconds(400));
        Assert.Empty(rig.Events<AlertEscalated>());
        Assert.Equal(1, rig.Engine.Get(alert.Id)!.EscalationStep);
    }

    [Fact]
    public async Task Deadline_UnitsOutstanding_Expires()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(deadline: TimeSpan.FromSeconds(90)), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck);
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(90) - OneMs);
        Assert.Equal(AlertState.AwaitingAck, rig.Engine.Get(alert.Id)!.State);
        rig.Harness.Time.Advance(OneMs);
        var expired = rig.Engine.Get(alert.Id)!;
        Assert.Equal(AlertState.Expired, expired.State);
        Assert.Equal(2, expired.Counts.Outstanding);
    }

    [Fact]
    public async Task Restart_DuringAlert_KeepsStateAndResumesTimers()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(escalation: AlertRig.Ladder), "test");
        var armed = rig.WaitForState(alert.Id, AlertState.AwaitingAck).ArmedAt!.Value;
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(20));
        rig.Engine.Acknowledge(alert.Id, new UnitId("n1"), AckSource.Dtmf);
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(10));

        await rig.RestartAsync();
        rig.Harness.DrainEvents();
        var resumed = rig.Engine.Get(alert.Id)!;
        Assert.Equal(AlertState.AwaitingAck, resumed.State);
        Assert.Equal(armed, resumed.ArmedAt);
        var n1 = resumed.Units.Single(u => u.Unit == new UnitId("n1"));
        Assert.Equal((armed + TimeSpan.FromSeconds(20), AckSource.Dtmf), (n1.AcknowledgedAt!.Value, n1.Via!.Value));

        rig.Harness.Time.Advance(TimeSpan.FromSeconds(30) - OneMs);
        Assert.Empty(rig.Events<AlertEscalated>());
        rig.Harness.Time.Advance(OneMs);
        var step = Assert.Single(rig.Events<AlertEscalated>());
        Assert.Equal([new UnitId("n2")], step.Outstanding);
        Assert.Equal(armed + TimeSpan.FromSeconds(60), step.Time);
    }

    [Fact]
    public async Task Restart_StepMissedWhileDown_FiresAtOnceAndTheNextStepStillFiresOnTime()
    {
        await using var rig = await AlertRig.StartAsync();
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(escalation: AlertRig.Ladder), "test");
        var armed = rig.WaitForState(alert.Id, AlertState.AwaitingAck).ArmedAt!.Value;
        await rig.Engine.StopAsync(CancellationToken.None);

        // Down from 0 s to 200 s: the 60 s and 180 s steps are due when the alert resumes. A clock that runs a due
        // timer's callback at once (as FakeTimeProvider does) must not lose the timer of the step after them.
        rig.Harness.Time.Advance(TimeSpan.FromSeconds(200));
        await rig.RestartAsync();
        Assert.Equal([1, 2], rig.Events<AlertEscalated>().Select(e => e.Step));
        GC.Collect();
        GC.WaitForPendingFinalizers();

        rig.Harness.Time.Advance(TimeSpan.FromSeconds(100) - OneMs);
        Assert.Empty(rig.Events<AlertEscalated>());
        rig.Harness.Time.Advance(OneMs);
        var third = Assert.Single(rig.Events<AlertEscalated>());
        Assert.Equal((3, armed + TimeSpan.FromSeconds(300)), (third.Step, third.Time));
    }
}

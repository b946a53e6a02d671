using Gateway.Core.Alerts;
using Gateway.Core.Endpoints;
using Gateway.Core.Identity;
using Gateway.Core.Positions;
using Gateway.Core.TalkGroups;
using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Alerts;

/// <summary>
/// Nearest-units alerts on the real switchboard: n1 (100 m) and n2 (400 m) are on duty with fresh positions; s1 is 50 m
/// away but off duty; r1 is 30 m away but its position is 10 minutes old (stale after 300 s). Each unit has a radio.
/// </summary>
public sealed class NearestUnitsAlertTests
{
    private static readonly GeoPoint Incident = new(23.1375, 113.3245);

    [Fact]
    public async Task Broadcast_Nearest_PagesExactlyTheResolvedUnitsThroughATemporaryGroup()
    {
        await using var rig = await AlertRig.StartAsync();
        var field = Field(rig);
        var alert = await rig.Engine.BroadcastAsync(Nearest(count: 3, radius: 1000), "test");

        var regroup = alert.Regroup!;
        Assert.Equal(["n1", "n2"], regroup.Units.Select(u => u.Unit.Value));
        Assert.Equal(100, regroup.Units[0].DistanceMetres, 1e-3);
        Assert.Equal(400, regroup.Units[1].DistanceMetres, 1e-3);
        Assert.Equal(["radio-n1"], regroup.Units[0].Endpoints.Select(e => e.Value));
        Assert.Equal(["n1", "n2"], alert.Units.Select(u => u.Unit.Value));
        Assert.StartsWith(DynamicRegroup.Prefix, regroup.Group.Value, StringComparison.Ordinal);

        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: field["radio-n1"]);
        Eventually.True(() => field["radio-n2"].Delivered > 0, "n2's radio hears the page");
        Assert.Equal(["radio-n1", "radio-n2"], rig.Harness.Switchboard.FindTalkGroup(regroup.Group)!.Endpoints.Select(e => e.Value).Order());
        foreach (var quiet in new[] { "radio-s1", "radio-r1", "console-north" })
        {
            Assert.True(field[quiet].Delivered == 0, quiet + " must not hear a nearest-units page");
        }

        rig.Engine.Acknowledge(alert.Id, new UnitId("n1"), AckSource.Grpc);
        rig.Engine.Acknowledge(alert.Id, new UnitId("n2"), AckSource.Grpc);

        Assert.Equal(AlertState.Completed, rig.Engine.Get(alert.Id)!.State);
        Assert.Null(rig.Harness.Switchboard.FindTalkGroup(regroup.Group));
        Assert.Equal(["north"], rig.Harness.Switchboard.Endpoints.Single(e => e.Id.Value == "radio-n1").TalkGroups.Select(g => g.Value));
        Assert.Equal(regroup, rig.Engine.Get(alert.Id)!.Regroup);
    }

    [Fact]
    public async Task Broadcast_NearestCountOne_OnlyTheNearest()
    {
        await using var rig = await AlertRig.StartAsync();
        Field(rig);
        var alert = await rig.Engine.BroadcastAsync(Nearest(count: 1, radius: 1000), "test");
        Assert.Equal(["n1"], alert.Regroup!.Units.Select(u => u.Unit.Value));
    }

    [Fact]
    public async Task Cancel_NearestAlert_TemporaryGroupRemoved()
    {
        await using var rig = await AlertRig.StartAsync();
        var field = Field(rig);
        var alert = await rig.Engine.BroadcastAsync(Nearest(), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: field["radio-n1"]);
        Assert.NotNull(rig.Harness.Switchboard.FindTalkGroup(alert.Regroup!.Group));

        rig.Engine.Cancel(alert.Id, "false alarm");

        Assert.Null(rig.Harness.Switchboard.FindTalkGroup(alert.Regroup.Group));
    }

    [Fact]
    public async Task Deadline_NearestAlertExpires_TemporaryGroupRemoved()
    {
        await using var rig = await AlertRig.StartAsync();
        var field = Field(rig);
        var alert = await rig.Engine.BroadcastAsync(Nearest(deadline: TimeSpan.FromSeconds(30)), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: field["radio-n1"]);
        Assert.NotNull(rig.Harness.Switchboard.FindTalkGroup(alert.Regroup!.Group));

        rig.Harness.Time.Advance(TimeSpan.FromSeconds(31));

        rig.WaitForState(alert.Id, AlertState.Expired);
        Assert.Null(rig.Harness.Switchboard.FindTalkGroup(alert.Regroup.Group));
    }

    [Fact]
    public async Task Broadcast_NearestWithoutAckRequired_GroupRemovedOncePlayed()
    {
        await using var rig = await AlertRig.StartAsync();
        var field = Field(rig);
        var alert = await rig.Engine.BroadcastAsync(Nearest(ackRequired: false), "test");
        rig.WaitForState(alert.Id, AlertState.Completed, pumpUntilHeardBy: field["radio-n1"]);
        Assert.Null(rig.Harness.Switchboard.FindTalkGroup(alert.Regroup!.Group));
    }

    [Fact]
    public async Task Broadcast_NoUnitQualifies_FailedPreconditionAndNoGroupLeft()
    {
        await using var rig = await AlertRig.StartAsync();
        Field(rig);
        var groupsBefore = rig.Harness.Switchboard.TalkGroups.Count;

        // Only s1 (off duty) and r1 (stale) are within 60 m.
        var ex = await Assert.ThrowsAsync<AlertValidationException>(() => rig.Engine.BroadcastAsync(Nearest(radius: 60), "test"));

        Assert.True(ex.FailedPrecondition);
        Assert.Equal("targets.nearest", ex.Field);
        Assert.Contains("within 60 m", ex.Problem, StringComparison.Ordinal);
        Assert.Equal(groupsBefore, rig.Harness.Switchboard.TalkGroups.Count);
        Assert.Empty(rig.Engine.List());
    }

    [Theory]
    [InlineData(91, 0, 100, 1, "targets.nearest.latitude")]
    [InlineData(0, -200, 100, 1, "targets.nearest.longitude")]
    [InlineData(0, 0, 0, 1, "targets.nearest.radius_m")]
    [InlineData(0, 0, 100, 0, "targets.nearest.count")]
    [InlineData(0, 0, 100, 101, "targets.nearest.count")]
    public async Task Broadcast_BadNearestTarget_NamesTheField(double latitude, double longitude, double radius, int count, string field)
    {
        await using var rig = await AlertRig.StartAsync();
        var request = AlertRig.Request(groups: []) with { Targets = new AlertTargets([], [], false, new NearestUnitsTarget(new GeoPoint(latitude, longitude), radius, count)) };
        var ex = await Assert.ThrowsAsync<AlertValidationException>(() => rig.Engine.BroadcastAsync(request, "test"));
        Assert.Equal(field, ex.Field);
        Assert.False(ex.FailedPrecondition);
    }

    [Fact]
    public async Task Restart_OpenNearestAlert_GroupKeptUntilCancelled()
    {
        await using var rig = await AlertRig.StartAsync();
        var field = Field(rig);
        var alert = await rig.Engine.BroadcastAsync(Nearest(), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: field["radio-n1"]);

        // A group left from an alert that ended while the gateway was down.
        var leftover = DynamicRegroup.GroupFor("alert-gone");
        rig.Harness.Switchboard.UpsertTalkGroup(TalkGroupSettings.Default(leftover));
        rig.Harness.Switchboard.RemoveTalkGroup(alert.Regroup!.Group); // as after a process restart: the switchboard starts empty
        await rig.RestartAsync();

        Assert.Null(rig.Harness.Switchboard.FindTalkGroup(leftover));
        var resumed = rig.Engine.Get(alert.Id)!;
        Assert.Equal(alert.Regroup, resumed.Regroup);
        Assert.Equal(["radio-n1", "radio-n2"], rig.Harness.Switchboard.FindTalkGroup(alert.Regroup.Group)!.Endpoints.Select(e => e.Value).Order());

        rig.Engine.Cancel(alert.Id, null);
        Assert.Null(rig.Harness.Switchboard.FindTalkGroup(alert.Regroup.Group));
    }

    [Fact]
    public async Task Escalation_Repage_OutstandingRegroupedUnitPagedInTheTemporaryGroupOnly()
    {
        await using var rig = await AlertRig.StartAsync();
        var field = Field(rig);
        var request = Nearest() with { Escalation = [new EscalationStep(TimeSpan.FromSeconds(60), EscalationAction.RepageUnacknowledged, [])] };
        var alert = await rig.Engine.BroadcastAsync(request, "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: field["radio-n1"]);
        rig.Engine.Acknowledge(alert.Id, new UnitId("n1"), AckSource.Grpc);
        rig.Events<Gateway.Core.Events.AlertEscalated>();

        rig.Harness.Time.Advance(TimeSpan.FromSeconds(60));

        var escalated = Assert.Single(rig.Events<Gateway.Core.Events.AlertEscalated>());
        Assert.Equal([alert.Regroup!.Group], escalated.Groups);
        Assert.Equal([new UnitId("n2")], escalated.Outstanding);
    }

    [Fact]
    public async Task Presence_RegroupedUnitComesOnlineLater_JoinsTheOpenGroup()
    {
        await using var rig = await AlertRig.StartAsync();
        var field = Field(rig);
        var alert = await rig.Engine.BroadcastAsync(Nearest(), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: field["radio-n1"]);

        var handset = rig.Harness.Endpoint("handset-n2", "north");
        rig.Units.ReportPresence(new UnitId("n2"), handset.Id, online: true);

        Eventually.True(() => rig.Harness.Switchboard.FindTalkGroup(alert.Regroup!.Group)!.Endpoints.Contains(handset.Id), "n2's handset joins the temporary group");
    }

    /// <summary>Places the units and their radios (see the class comment) and a north console that is no unit's.</summary>
    private static Dictionary<string, InMemoryEndpoint> Field(AlertRig rig)
    {
        var endpoints = new Dictionary<string, InMemoryEndpoint>
        {
            ["console-north"] = rig.Harness.Endpoint("console-north", "north"),
        };
        var now = rig.Now;
        foreach (var (unit, group, metres, onDuty, age) in new[]
        {
            ("n1", "north", 100.0, true, 0),
            ("n2", "north", 400.0, true, 60),
            ("s1", "south", 50.0, false, 0),
            ("r1", "reinforce", 30.0, true, 600),
        })
        {
            var radio = rig.Harness.Endpoint("radio-" + unit, group);
            endpoints[radio.Id.Value] = radio;
            rig.Units.ReportPresence(new UnitId(unit), radio.Id, online: true);
            if (onDuty)
            {
                rig.Units.CheckIn(new UnitId(unit), null, null, "test");
            }

            rig.Positions.Report(new UnitId(unit), North(metres), 5, now.AddSeconds(-age), "test");
        }

        return endpoints;
    }

    private static GeoPoint North(double metres) =>
        new(Incident.Latitude + (metres / (GreatCircle.EarthRadiusMetres * Math.PI / 180)), Incident.Longitude);

    private static AlertRequest Nearest(int count = 3, double radius = 1000, TimeSpan? deadline = null, bool ackRequired = true) =>
        AlertRig.Request(groups: [], signalling: new AlertSignalling(SignallingKind.Dtmf, DtmfDigits: "5"), deadline: deadline, ackRequired: ackRequired)
            with { Targets = new AlertTargets([], [], false, new NearestUnitsTarget(Incident, radius, count)) };
}

using Gateway.Connectors.Mumble.Tests.Interop;
using Gateway.Host.Tests.EndToEnd.Support;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// Automatic check-in (<c>Connectors:Mumble[i]:AutoCheckIn</c>): a unit's PoC user joining a channel of one of its
/// talk groups puts the unit on duty, so on-duty-only pages reach it. Off by default.
/// </summary>
public sealed class AutoCheckInEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AutoCheckIn_UnitUserJoinsItsChannel_ChecksInAndOnDutyPagesReachIt()
    {
        await using var scene = await PagingScene.StartAsync(c =>
        {
            c.AddUnit("patrol-9", ["sports"], mumbleUser: "patrol9").AddUnit("harbour-2", ["mutual-aid"], mumbleUser: "harbour2");
            c.Gateway["Connectors"]!["Mumble"]![0]!["AutoCheckIn"] = true;
        });
        var units = scene.Host.Units;

        // patrol-7 was in the channel when the gateway joined; patrol-9 joins later.
        await WaitOnDutyAsync(units, "patrol-7");
        await using var patrol9 = await TestMumbleClient.ConnectAsync(scene.Murmur.Port, "patrol9");
        await patrol9.JoinAsync("Sports");
        var unit = await WaitOnDutyAsync(units, "patrol-9");
        Assert.Equal("joined Mumble channel 'Sports'", unit.Note);

        // harbour-2's groups do not include the Sports channel's group: seen there, but not checked in.
        await using var harbour2 = await TestMumbleClient.ConnectAsync(scene.Murmur.Port, "harbour2");
        await harbour2.JoinAsync("Sports");
        var harbour = await Poll.UntilAsync(() => GetUnitAsync(units, "harbour-2"), u => u.OnlineEndpointIds.Count > 0, Timeout, "harbour-2 seen in the channel");
        Assert.False(harbour.OnDuty);

        // An on-duty-only page to the group targets exactly the units that checked in by joining.
        var page = AlertEscalationEndToEndTests.ShortPage("1-3-5");
        page.Targets.OnDutyOnly = true;
        var alert = await scene.Host.Alerts.BroadcastAsync(page);
        Assert.Equal(["patrol-7", "patrol-9"], alert.Units.Select(u => u.UnitId).Order(StringComparer.Ordinal));
        await scene.Host.Alerts.CancelAlertAsync(new V1.CancelAlertRequest { AlertId = alert.Id, Reason = "test done" });
    }

    [Fact]
    public async Task AutoCheckIn_NotConfigured_PresenceOnlyAndTheUnitStaysOffDuty()
    {
        await using var scene = await PagingScene.StartAsync();

        var unit = await Poll.UntilAsync(() => GetUnitAsync(scene.Host.Units, "patrol-7"), u => u.OnlineEndpointIds.Count > 0, Timeout, "patrol-7 seen in the channel");

        Assert.False(unit.OnDuty);
    }

    private static async Task<V1.Unit> GetUnitAsync(V1.Units.UnitsClient units, string id) =>
        await units.GetUnitAsync(new V1.GetUnitRequest { UnitId = id });

    private static Task<V1.Unit> WaitOnDutyAsync(V1.Units.UnitsClient units, string id) =>
        Poll.UntilAsync(() => GetUnitAsync(units, id), u => u.OnDuty, Timeout, id + " on duty");
}

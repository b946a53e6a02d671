using System.Text.Json.Nodes;
using System.Threading.Channels;
using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Host.Tests.EndToEnd.Support;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// The 1-3-5 escalation ladder through the real host, with the alert engine on a fake clock (<see cref="AlertClock"/>)
/// while the media path (paced play-out, RTP, Mumble) runs in real time: each step fires exactly at 60 s, 180 s and 300 s.
/// </summary>
public sealed class AlertEscalationEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Escalation_OneThreeFivePreset_FiresExactlyAtTheConfiguredTimes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        await using var scene = await PagingScene.StartAsync(
            c => c.Gateway["Alerts"] = new JsonObject { ["MutualAidTalkGroups"] = new JsonArray("mutual-aid"), ["ReinforcementTalkGroups"] = new JsonArray("reinforcement") },
            services => services.AddSingleton(new AlertClock(clock)));
        using var events = scene.Host.Services.GetRequiredService<IEventBus>().Subscribe("test", 4096, e => e is AlertEscalated or AlertEmergencyRaised or AlertPlayed);
        var alerts = scene.Host.Alerts;

        var alert = await alerts.BroadcastAsync(ShortPage("1-3-5"));
        var armed = clock.GetUtcNow(); // the clock stands still while the page plays in real time: the ladder starts here
        Assert.Equal(Timestamp.FromDateTimeOffset(armed), alert.CreatedAt);
        await WaitForStateAsync(alerts, alert.Id, V1.AlertState.AwaitingAck);
        await NextAsync<AlertPlayed>(events.Reader, p => p.Group.Value == "sports");

        // 30 s: command-1 acknowledges; its response time is exact.
        clock.Advance(TimeSpan.FromSeconds(30));
        var ack = await alerts.AcknowledgeAsync(new V1.AcknowledgeRequest { AlertId = alert.Id, UnitId = "command-1" });
        Assert.Equal(30_000, ack.Status.ResponseMs);

        // 60 s: the units that have not acknowledged are paged again, and only them.
        clock.Advance(TimeSpan.FromSeconds(30) - Tick);
        Assert.Equal(0, (await GetAsync(alerts, alert.Id)).EscalationStep);
        var heardBefore = scene.Console.ReceivedCount;
        clock.Advance(Tick);
        var repage = await NextAsync<AlertEscalated>(events.Reader);
        Assert.Equal((1, EscalationAction.RepageUnacknowledged, armed.AddSeconds(60)), (repage.Step, repage.Action, repage.Time));
        Assert.Equal(["engine-1", "patrol-7"], repage.Outstanding.Select(u => u.Value).Order(StringComparer.Ordinal));
        Assert.Equal(V1.AlertState.Escalated, (await GetAsync(alerts, alert.Id)).State);
        await NextAsync<AlertPlayed>(events.Reader, p => p.Group.Value == "sports" && p.Played);
        Assert.True(scene.Console.ReceivedCount > heardBefore, "the RTP console heard the re-page");

        // 180 s: the mutual-aid group is paged; its unit joins the alert, notified then.
        clock.Advance(TimeSpan.FromSeconds(120) - Tick);
        Assert.Equal(1, (await GetAsync(alerts, alert.Id)).EscalationStep);
        clock.Advance(Tick);
        var mutualAid = await NextAsync<AlertEscalated>(events.Reader);
        Assert.Equal((2, EscalationAction.PageGroups, armed.AddSeconds(180)), (mutualAid.Step, mutualAid.Action, mutualAid.Time));
        Assert.Equal(["mutual-aid"], mutualAid.Groups.Select(g => g.Value));
        var board = await GetAsync(alerts, alert.Id);
        Assert.Equal(Timestamp.FromDateTimeOffset(armed.AddSeconds(180)), AlertEndToEndTests.Unit(board, "aid-1").NotifiedAt);

        // 200 s: patrol-7 answers on its handset.
        clock.Advance(TimeSpan.FromSeconds(20));
        await scene.Patrol7.SendTextAsync(scene.SportsChannel, "ack");
        board = await Poll.UntilAsync(() => GetAsync(alerts, alert.Id), a => AlertEndToEndTests.Unit(a, "patrol-7").AcknowledgedAt is not null, Timeout, "patrol-7's Mumble ack");
        Assert.Equal(200_000, AlertEndToEndTests.Unit(board, "patrol-7").ResponseMs);

        // 300 s: reinforcement paged at emergency priority, and an emergency raised for the units still silent.
        clock.Advance(TimeSpan.FromSeconds(100) - Tick);
        Assert.Equal(2, (await GetAsync(alerts, alert.Id)).EscalationStep);
        clock.Advance(Tick);
        var emergency = await NextAsync<AlertEmergencyRaised>(events.Reader);
        Assert.Equal(armed.AddSeconds(300), emergency.Time);
        Assert.Equal(["aid-1", "engine-1"], emergency.Outstanding.Select(u => u.Value).Order(StringComparer.Ordinal));
        board = await GetAsync(alerts, alert.Id);
        Assert.Equal(3, board.EscalationStep);
        Assert.Contains(board.Units, u => u.UnitId == "reserve-1");

        // Everyone acknowledges: the alert completes and nothing fires any more.
        foreach (var unit in new[] { "engine-1", "aid-1", "reserve-1" })
        {
            await alerts.AcknowledgeAsync(new V1.AcknowledgeRequest { AlertId = alert.Id, UnitId = unit });
        }

        board = await GetAsync(alerts, alert.Id);
        Assert.Equal(V1.AlertState.Completed, board.State);
        Assert.Equal(5, board.Counts.Acknowledged);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(3, (await GetAsync(alerts, alert.Id)).EscalationStep);
    }

    /// <summary>A page with one short DTMF burst and no voice, so each (re-)page plays in well under a second.</summary>
    internal static V1.BroadcastRequest ShortPage(string preset, IEnumerable<string>? groups = null) => new()
    {
        Targets = new V1.AlertTargets { TalkGroupIds = { groups ?? ["sports"] } },
        Signalling = new V1.Signalling { Dtmf = new V1.DtmfSignalling { Digits = "9" } },
        Text = "Escalation drill",
        AckPolicy = new V1.AckPolicy { Required = true, Preset = preset },
    };

    internal static async Task<V1.Alert> GetAsync(V1.Alerts.AlertsClient alerts, string id) =>
        await alerts.GetAlertAsync(new V1.GetAlertRequest { AlertId = id });

    internal static Task<V1.Alert> WaitForStateAsync(V1.Alerts.AlertsClient alerts, string id, V1.AlertState state) =>
        Poll.UntilAsync(() => GetAsync(alerts, id), a => a.State == state, Timeout, $"alert {id} {state}");

    internal static async Task<T> NextAsync<T>(ChannelReader<GatewayEvent> reader, Func<T, bool>? match = null)
        where T : GatewayEvent
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var next = await reader.ReadAsync(timeout.Token);
            if (next is T found && (match is null || match(found)))
            {
                return found;
            }
        }
    }
}

using System.Text.Json.Nodes;
using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Host.Tests.EndToEnd.Support;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// A restart of the gateway during an alert (the host stopped, a new one started on the same data directory) keeps the
/// alert's state and acknowledgements and resumes its escalation timers: a step missed while down fires at once, the
/// next one exactly on time. The alert clock is a fake one that keeps running across the restart, as wall time does.
/// </summary>
public sealed class AlertRestartEndToEndTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Restart_DuringAnEscalatingAlert_KeepsStateAndResumesTimers()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
        void UseAlertClock(IServiceCollection services) => services.AddSingleton(new AlertClock(clock));
        await using var scene = await PagingScene.StartAsync(
            c => c.Gateway["Alerts"] = new JsonObject { ["MutualAidTalkGroups"] = new JsonArray("mutual-aid"), ["ReinforcementTalkGroups"] = new JsonArray("reinforcement") },
            UseAlertClock);
        var alert = await scene.Host.Alerts.BroadcastAsync(AlertEscalationEndToEndTests.ShortPage("1-3-5"));
        var armed = clock.GetUtcNow();
        await AlertEscalationEndToEndTests.WaitForStateAsync(scene.Host.Alerts, alert.Id, V1.AlertState.AwaitingAck);

        clock.Advance(TimeSpan.FromSeconds(10));
        await scene.Host.Alerts.AcknowledgeAsync(new V1.AcknowledgeRequest { AlertId = alert.Id, UnitId = "command-1" });
        using (var events = scene.Host.Services.GetRequiredService<IEventBus>().Subscribe("test", 4096, e => e is AlertPlayed))
        {
            clock.Advance(TimeSpan.FromSeconds(50)); // 60 s: re-page
            await AlertEscalationEndToEndTests.NextAsync<AlertPlayed>(events.Reader, p => p.Played);
        }

        var before = await AlertEscalationEndToEndTests.GetAsync(scene.Host.Alerts, alert.Id);
        Assert.Equal((V1.AlertState.Escalated, 1), (before.State, before.EscalationStep));

        // Down from 60 s to 200 s: the 180 s step is missed while stopped.
        await scene.Host.StopAsync();
        clock.Advance(TimeSpan.FromSeconds(140));
        await scene.RestartHostAsync(UseAlertClock);
        var alerts = scene.Host.Alerts;

        // The missed step fires as soon as the alert resumes (aid-1 is notified at 200 s); state and acks are kept.
        var after = await Poll.UntilAsync(() => AlertEscalationEndToEndTests.GetAsync(alerts, alert.Id), a => a.EscalationStep == 2, TimeSpan.FromSeconds(10), "the missed 180 s step");
        Assert.Equal(V1.AlertState.Escalated, after.State);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal(Timestamp.FromDateTimeOffset(armed.AddSeconds(200)), AlertEndToEndTests.Unit(after, "aid-1").NotifiedAt);
        var command = AlertEndToEndTests.Unit(after, "command-1");
        Assert.Equal((V1.AckSource.Grpc, 10_000L), (command.Via, command.ResponseMs));
        foreach (var unit in new[] { "engine-1", "patrol-7" })
        {
            Assert.Equal(AlertEndToEndTests.Unit(before, unit).NotifiedAt, AlertEndToEndTests.Unit(after, unit).NotifiedAt);
            Assert.Null(AlertEndToEndTests.Unit(after, unit).AcknowledgedAt);
        }

        // The new host's connectors acknowledge too: DTMF from the RTP console at 250 s.
        clock.Advance(TimeSpan.FromSeconds(50));
        await scene.Console.SendDtmfAsync("031#");
        var engine = await Poll.UntilAsync(() => AlertEscalationEndToEndTests.GetAsync(alerts, alert.Id), a => AlertEndToEndTests.Unit(a, "engine-1").AcknowledgedAt is not null, TimeSpan.FromSeconds(10), "engine-1's DTMF ack");
        Assert.Equal((V1.AckSource.Dtmf, 250_000L), (AlertEndToEndTests.Unit(engine, "engine-1").Via, AlertEndToEndTests.Unit(engine, "engine-1").ResponseMs));

        // The resumed timer fires the 300 s step exactly on time.
        using var emergencies = scene.Host.Services.GetRequiredService<IEventBus>().Subscribe("test", 4096, e => e is AlertEmergencyRaised);
        clock.Advance(TimeSpan.FromSeconds(50) - Tick);
        Assert.Equal(2, (await AlertEscalationEndToEndTests.GetAsync(alerts, alert.Id)).EscalationStep);
        clock.Advance(Tick);
        var emergency = await AlertEscalationEndToEndTests.NextAsync<AlertEmergencyRaised>(emergencies.Reader);
        Assert.Equal(armed.AddSeconds(300), emergency.Time);
        Assert.Equal(["aid-1", "patrol-7"], emergency.Outstanding.Select(u => u.Value).Order(StringComparer.Ordinal));
    }
}

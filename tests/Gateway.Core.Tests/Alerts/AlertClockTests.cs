using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Alerts;

/// <summary>
/// An <see cref="AlertClock"/> gives the engine's bookkeeping and escalation timers their own clock; the gateway's
/// <see cref="TimeProvider"/> (which paces alert audio) then no longer drives them. Without one, both are the same.
/// </summary>
public sealed class AlertClockTests
{
    [Fact]
    public async Task Escalation_AlertClockGiven_TimesAndTimersFollowItNotTheMediaClock()
    {
        await using var rig = new AlertRig();
        var alertTime = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var engine = new AlertEngine(
            rig.Harness.Switchboard, rig.Units, rig.Harness.Bus, rig.Store, rig.Harness.Time,
            Options.Create(new AlertOptions()), NullLogger<AlertEngine>.Instance, [], new AlertClock(alertTime));
        await engine.StartAsync(CancellationToken.None);

        // No tones, no voice: nothing to pace, so the page is played at once.
        var alert = await engine.BroadcastAsync(AlertRig.Request(escalation: AlertRig.Ladder), "test");
        Assert.Equal(alertTime.GetUtcNow(), alert.CreatedAt);
        Assert.NotEqual(rig.Harness.Time.GetUtcNow(), alert.CreatedAt);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (engine.Get(alert.Id)!.State != AlertState.AwaitingAck && DateTime.UtcNow < deadline)
        {
            Thread.Yield();
        }

        Assert.Equal(alertTime.GetUtcNow(), engine.Get(alert.Id)!.ArmedAt);
        rig.Harness.DrainEvents();

        rig.Harness.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(rig.Events<AlertEscalated>());

        alertTime.Advance(TimeSpan.FromSeconds(60));
        var step = Assert.Single(rig.Events<AlertEscalated>());
        Assert.Equal(alertTime.GetUtcNow(), step.Time);
    }
}

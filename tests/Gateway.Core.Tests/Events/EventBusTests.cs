using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Tests.TestDoubles;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Events;

public sealed class EventBusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Publish_SubscriberFallsBehind_DropsItsOldestAndCountsThem()
    {
        using var metrics = new Metrics.GatewayMetrics();
        using var recorder = new MetricRecorder(metrics);
        var bus = new EventBus(metrics);
        using var slow = bus.Subscribe("slow", capacity: 3);
        using var roomy = bus.Subscribe("roomy", capacity: 100);

        for (var i = 0; i < 10; i++)
        {
            bus.Publish(new TalkGroupChanged(T0.AddSeconds(i), new TalkGroupId("g"), "change " + i));
        }

        Assert.Equal(7, slow.Dropped);
        Assert.Equal(0, roomy.Dropped);
        Assert.Equal(7, recorder.Get("gateway.drops", "event_subscriber_full"));
        var kept = new List<string>();
        while (slow.Reader.TryRead(out var e))
        {
            kept.Add(((TalkGroupChanged)e).Change);
        }

        Assert.Equal(["change 7", "change 8", "change 9"], kept);
        Assert.Equal(10, roomy.Reader.Count);
    }

    [Fact]
    public void Subscribe_WithFilter_ReceivesOnlyMatchingEventsAndFaultyFilterIsIsolated()
    {
        var bus = new EventBus();
        using var onlyA = bus.Subscribe("a", filter: e => e.TalkGroup == new TalkGroupId("a"));
        using var faulty = bus.Subscribe("faulty", filter: _ => throw new InvalidOperationException("bad filter"));
        using var all = bus.Subscribe("all");

        bus.Publish(new TalkGroupChanged(T0, new TalkGroupId("a"), "x"));
        bus.Publish(new TalkGroupChanged(T0, new TalkGroupId("b"), "y"));
        bus.Publish(new UnitDutyChanged(T0, new UnitId("u"), true, null, null, "test"));

        Assert.Equal(1, onlyA.Reader.Count);
        Assert.Equal(0, faulty.Reader.Count);
        Assert.Equal(3, all.Reader.Count);
    }

    [Fact]
    public async Task Dispose_Subscription_UnsubscribesAndCompletesReader()
    {
        var bus = new EventBus();
        var subscription = bus.Subscribe("s");
        Assert.Equal(1, bus.SubscriberCount);

        subscription.Dispose();
        bus.Publish(new TalkGroupChanged(T0, new TalkGroupId("a"), "x"));

        Assert.Equal(0, bus.SubscriberCount);
        await subscription.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Report_StateChanges_PublishesAndRaisesOnlyOnChange()
    {
        var time = new FakeTimeProvider(T0);
        var bus = new EventBus();
        using var events = bus.Subscribe("health");
        var health = new HealthRegistry(bus, time);
        var changes = new List<ComponentHealth>();
        health.Changed += changes.Add;

        health.Report("rtp:console-a", HealthState.Healthy, "listening");
        time.Advance(TimeSpan.FromSeconds(5));
        health.Report("rtp:console-a", HealthState.Healthy, "still listening");
        health.Report("mumble:poc", HealthState.Degraded, "reconnecting in 2 s");
        time.Advance(TimeSpan.FromSeconds(5));
        health.Report("mumble:poc", HealthState.Unhealthy, "server refused");

        Assert.Equal(3, events.Reader.Count);
        Assert.Equal(3, changes.Count);
        Assert.Equal(HealthState.Unhealthy, health.Overall);
        var snapshot = health.Snapshot();
        Assert.Equal("still listening", snapshot["rtp:console-a"].Reason);
        Assert.Equal(T0, snapshot["rtp:console-a"].Since);
        Assert.Equal(T0.AddSeconds(10), snapshot["mumble:poc"].Since);
        events.Reader.TryRead(out var first);
        Assert.Equal(new ConnectorHealthChanged(T0, "rtp:console-a", HealthState.Healthy, "listening"), first);

        health.Report("mumble:poc", HealthState.Healthy, "connected");
        Assert.Equal(HealthState.Healthy, health.Overall);
    }
}

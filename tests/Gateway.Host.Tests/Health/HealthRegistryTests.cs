using Gateway.Core.Health;
using Gateway.Host.Health;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Host.Tests.Health;

public sealed class HealthRegistryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Overall_NoReports_IsHealthy() => Assert.Equal(HealthState.Healthy, new HealthRegistry(_time).Overall);

    [Fact]
    public void Overall_MixedReports_IsTheWorst()
    {
        var registry = new HealthRegistry(_time);
        registry.Report("rtp:console-a", HealthState.Healthy, "receiving");
        registry.Report("mumble:poc", HealthState.Degraded, "reconnecting");
        Assert.Equal(HealthState.Degraded, registry.Overall);

        registry.Report("storage", HealthState.Unhealthy, "disk full");
        Assert.Equal(HealthState.Unhealthy, registry.Overall);

        registry.Report("storage", HealthState.Healthy, "ok");
        Assert.Equal(HealthState.Degraded, registry.Overall);
    }

    [Fact]
    public void Report_SameStateAndReason_DoesNotRaiseChanged()
    {
        var registry = new HealthRegistry(_time);
        var changes = new List<ComponentHealth>();
        registry.Changed += changes.Add;

        registry.Report("serial:radio-1", HealthState.Healthy, "port open");
        _time.Advance(TimeSpan.FromSeconds(10));
        registry.Report("serial:radio-1", HealthState.Healthy, "port open");
        registry.Report("serial:radio-1", HealthState.Degraded, "no audio device");

        Assert.Equal(
            [
                new ComponentHealth("serial:radio-1", HealthState.Healthy, "port open", _time.Start),
                new ComponentHealth("serial:radio-1", HealthState.Degraded, "no audio device", _time.Start.AddSeconds(10)),
            ],
            changes);
        Assert.Equal(changes[^1], registry.Snapshot()["serial:radio-1"]);
    }
}

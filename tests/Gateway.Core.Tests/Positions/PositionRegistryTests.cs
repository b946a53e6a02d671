using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Metrics;
using Gateway.Core.Positions;
using Gateway.Core.Units;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Positions;

public sealed class PositionRegistryTests
{
    private static readonly GeoPoint Here = new(23.1375, 113.3245);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly UnitDirectory _units;

    public PositionRegistryTests()
    {
        _units = new UnitDirectory(new EventBus(new GatewayMetrics()), _time);
        _units.Upsert(new UnitSettings(new UnitId("p1"), "Patrol 1", [], null, null, null));
        _units.Upsert(new UnitSettings(new UnitId("p2"), "Patrol 2", [], null, null, null));
    }

    [Fact]
    public void Report_ThenTimePasses_StaleOnlyAfterTheConfiguredAge()
    {
        var registry = Registry(staleAfterSeconds: 120);
        var reported = registry.Report(new UnitId("p1"), Here, 8, null, "test")!;
        Assert.False(reported.Stale);
        Assert.Equal(_time.GetUtcNow(), reported.Position.Time);

        _time.Advance(TimeSpan.FromSeconds(120));
        Assert.False(registry.Find(new UnitId("p1"))!.Stale);
        Assert.Equal(TimeSpan.FromSeconds(120), registry.Find(new UnitId("p1"))!.Age);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(registry.Find(new UnitId("p1"))!.Stale);
    }

    [Fact]
    public void Report_FixTakenLongAgo_StaleAtOnce()
    {
        var registry = Registry(staleAfterSeconds: 300);
        var status = registry.Report(new UnitId("p1"), Here, 8, _time.GetUtcNow().AddMinutes(-10), "test")!;
        Assert.True(status.Stale);
        Assert.Equal(TimeSpan.FromMinutes(10), status.Age);
    }

    [Fact]
    public void Report_OlderThanKnown_KeepsTheNewerFix()
    {
        var registry = Registry();
        var now = _time.GetUtcNow();
        registry.Report(new UnitId("p1"), Here, 8, now, "test");
        var late = registry.Report(new UnitId("p1"), new GeoPoint(0, 0), 8, now.AddSeconds(-30), "test")!;

        Assert.Equal(Here, late.Position.Point);
        Assert.Equal(Here, registry.Find(new UnitId("p1"))!.Position.Point);
    }

    [Fact]
    public void Report_UnknownUnit_Null()
    {
        Assert.Null(Registry().Report(new UnitId("ghost"), Here, 8, null, "test"));
        Assert.Null(Registry().Find(new UnitId("ghost")));
    }

    [Theory]
    [InlineData(90.0001, 0, 0, "latitude")]
    [InlineData(-91, 0, 0, "latitude")]
    [InlineData(double.NaN, 0, 0, "latitude")]
    [InlineData(0, 180.5, 0, "longitude")]
    [InlineData(0, -181, 0, "longitude")]
    [InlineData(0, 0, -1, "accuracy_m")]
    [InlineData(0, 0, double.PositiveInfinity, "accuracy_m")]
    public void Report_OutOfRange_ThrowsNamingTheField(double latitude, double longitude, double accuracy, string field)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Registry().Report(new UnitId("p1"), new GeoPoint(latitude, longitude), accuracy, null, "test"));
        Assert.Equal(field, ex.ParamName);
    }

    [Fact]
    public void Report_TimeFarInTheFuture_ThrowsNamingTime()
    {
        var registry = Registry();
        registry.Report(new UnitId("p1"), Here, 0, _time.GetUtcNow().AddMinutes(4), "test"); // clock skew is fine
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => registry.Report(new UnitId("p2"), Here, 0, _time.GetUtcNow().AddHours(1), "test"));
        Assert.Equal("time", ex.ParamName);
    }

    [Fact]
    public async Task StartStop_ThroughTheStore_PositionsSurviveARestart()
    {
        var store = new InMemoryPositionStore();
        var first = Registry(store: store);
        await first.StartAsync(CancellationToken.None);
        first.Report(new UnitId("p1"), Here, 7.5, null, "grpc:test");
        await first.StopAsync(CancellationToken.None);

        var second = Registry(store: store);
        await second.StartAsync(CancellationToken.None);
        var restored = second.Find(new UnitId("p1"))!;
        Assert.Equal(Here, restored.Position.Point);
        Assert.Equal(7.5, restored.Position.AccuracyMetres);
        Assert.Equal("grpc:test", restored.Position.Source);
        await second.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Start_StoredPositionOfRemovedUnit_NotRestored()
    {
        var store = new InMemoryPositionStore();
        await store.SaveAsync(new UnitPosition(new UnitId("gone"), Here, 1, _time.GetUtcNow(), _time.GetUtcNow(), "test"));
        var registry = Registry(store: store);
        await registry.StartAsync(CancellationToken.None);
        Assert.Empty(registry.All);
        await registry.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(700_000)]
    public void Constructor_BadStaleAge_OneLineNamingTheKey(int seconds)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Registry(staleAfterSeconds: seconds));
        var line = Assert.Single(ex.Failures);
        Assert.StartsWith("Gateway:Positions:StaleAfterSeconds must be between 1 and 604800", line, StringComparison.Ordinal);
    }

    private PositionRegistry Registry(int staleAfterSeconds = 300, IPositionStore? store = null) =>
        new(_units, store ?? new InMemoryPositionStore(), _time, Options.Create(new PositionOptions { StaleAfterSeconds = staleAfterSeconds }));
}

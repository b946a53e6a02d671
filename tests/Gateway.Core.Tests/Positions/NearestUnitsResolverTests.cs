using Gateway.Core.Alerts;
using Gateway.Core.Identity;
using Gateway.Core.Positions;
using Gateway.Core.Units;

namespace Gateway.Core.Tests.Positions;

public sealed class NearestUnitsResolverTests
{
    private static readonly GeoPoint Incident = new(23.1375, 113.3245);
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Resolve_MixedUnits_OnDutyFreshWithinRadiusNearestFirst()
    {
        var units = new[] { Unit("far", true), Unit("b", true), Unit("off", false), Unit("stale", true), Unit("a", true), Unit("none", true) };
        var positions = new Dictionary<UnitId, UnitPositionStatus>
        {
            [new("far")] = North("far", 1500),
            [new("b")] = North("b", 300),
            [new("off")] = North("off", 50),
            [new("stale")] = North("stale", 20, stale: true),
            [new("a")] = North("a", 120),
        };

        var resolved = NearestUnitsResolver.Resolve(units, u => positions.GetValueOrDefault(u), new NearestUnitsTarget(Incident, 1000, 10));

        Assert.Equal(["a", "b"], resolved.Select(r => r.Unit.Value));
        Assert.Equal(120, resolved[0].DistanceMetres, 1e-6);
        Assert.Equal(300, resolved[1].DistanceMetres, 1e-6);
    }

    [Fact]
    public void Resolve_MoreCandidatesThanCount_KeepsTheNearestN()
    {
        var units = Enumerable.Range(1, 6).Select(i => Unit("u" + i, true)).ToList();
        var positions = units.ToDictionary(u => u.Settings.Id, u => North(u.Settings.Id.Value, 700 - (100 * int.Parse(u.Settings.Id.Value[1..], System.Globalization.CultureInfo.InvariantCulture))));

        var resolved = NearestUnitsResolver.Resolve(units, u => positions.GetValueOrDefault(u), new NearestUnitsTarget(Incident, 5000, 3));

        Assert.Equal(["u6", "u5", "u4"], resolved.Select(r => r.Unit.Value));
    }

    [Fact]
    public void Resolve_EqualDistances_OrderedByUnitId()
    {
        var units = new[] { Unit("zulu", true), Unit("alpha", true) };
        var resolved = NearestUnitsResolver.Resolve(units, u => North(u.Value, 250), new NearestUnitsTarget(Incident, 1000, 5));
        Assert.Equal(["alpha", "zulu"], resolved.Select(r => r.Unit.Value));
    }

    [Fact]
    public void Resolve_UnitExactlyOnTheRadius_Included()
    {
        var resolved = NearestUnitsResolver.Resolve([Unit("edge", true)], u => North(u.Value, 500), new NearestUnitsTarget(Incident, 500 + 1e-6, 1));
        Assert.Single(resolved);
        Assert.Empty(NearestUnitsResolver.Resolve([Unit("edge", true)], u => North(u.Value, 500), new NearestUnitsTarget(Incident, 499.9, 1)));
    }

    private static UnitInfo Unit(string id, bool onDuty) =>
        new(new UnitSettings(new UnitId(id), id, [], null, null, null), onDuty, onDuty ? Now : null, null, null, null, []);

    /// <summary>A position <paramref name="metres"/> due north of the incident.</summary>
    private static UnitPositionStatus North(string unit, double metres, bool stale = false)
    {
        var point = new GeoPoint(Incident.Latitude + (metres / (GreatCircle.EarthRadiusMetres * Math.PI / 180)), Incident.Longitude);
        return new UnitPositionStatus(new UnitPosition(new UnitId(unit), point, 5, Now, Now, "test"), TimeSpan.Zero, stale);
    }
}

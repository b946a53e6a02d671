using Gateway.Core.Identity;
using Gateway.Core.Positions;
using Gateway.Core.Units;

namespace Gateway.Core.Alerts;

/// <summary>
/// Picks the units of a <see cref="NearestUnitsTarget"/>: on duty, with a position that is not stale, within the radius;
/// nearest first (ties by unit id, so the answer is the same every time), at most <see cref="NearestUnitsTarget.Count"/>.
/// Pure: the caller passes the units and a position lookup, so the rule is tested without a clock or a switchboard.
/// </summary>
public static class NearestUnitsResolver
{
    public static IReadOnlyList<(UnitId Unit, double DistanceMetres)> Resolve(
        IEnumerable<UnitInfo> units,
        Func<UnitId, UnitPositionStatus?> positions,
        NearestUnitsTarget target)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(target);
        var candidates = new List<(UnitId Unit, double DistanceMetres)>();
        foreach (var unit in units)
        {
            if (!unit.OnDuty || positions(unit.Settings.Id) is not { Stale: false } status)
            {
                continue;
            }

            var distance = GreatCircle.DistanceMetres(target.Point, status.Position.Point);
            if (distance <= target.RadiusMetres)
            {
                candidates.Add((unit.Settings.Id, distance));
            }
        }

        candidates.Sort(static (a, b) =>
        {
            var byDistance = a.DistanceMetres.CompareTo(b.DistanceMetres);
            return byDistance != 0 ? byDistance : string.CompareOrdinal(a.Unit.Value, b.Unit.Value);
        });
        return candidates.Count > target.Count ? candidates.GetRange(0, target.Count) : candidates;
    }
}

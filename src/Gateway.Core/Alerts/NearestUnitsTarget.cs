using Gateway.Core.Positions;

namespace Gateway.Core.Alerts;

/// <summary>
/// "The <see cref="Count"/> nearest on-duty units within <see cref="RadiusMetres"/> of <see cref="Point"/>" (an incident
/// location), resolved when the alert is broadcast from the units' last non-stale positions.
/// </summary>
public sealed record NearestUnitsTarget(GeoPoint Point, double RadiusMetres, int Count)
{
    /// <summary>More would no longer be a regroup of "the nearest" but a general call-out (page the groups instead).</summary>
    public const int MaxCount = 100;

    /// <summary>Half the earth's circumference: every point on earth is within it.</summary>
    public const double MaxRadiusMetres = 20_037_509;
}

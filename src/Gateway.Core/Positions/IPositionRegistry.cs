using Gateway.Core.Identity;

namespace Gateway.Core.Positions;

/// <summary>
/// The last reported position of every unit (from PoC apps and integrations through <c>Units.ReportPosition</c>), with
/// staleness on <see cref="TimeProvider"/>: a position older than <see cref="StaleAfter"/> is stale.
/// </summary>
public interface IPositionRegistry
{
    /// <summary>How far in the future a fix time may lie (clock skew between a handset and the gateway).</summary>
    static TimeSpan MaxFutureSkew => TimeSpan.FromMinutes(5);

    TimeSpan StaleAfter { get; }

    /// <summary>
    /// Records a fix (time null = now). A fix older than the one already known is ignored (reports can arrive out of
    /// order); the answer is then the newer, kept one. Null when the unit is unknown.
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming the parameter for a value out of range.
    /// </summary>
    UnitPositionStatus? Report(UnitId unit, GeoPoint point, double accuracyMetres, DateTimeOffset? time, string source);

    UnitPositionStatus? Find(UnitId unit);

    IReadOnlyList<UnitPositionStatus> All { get; }
}

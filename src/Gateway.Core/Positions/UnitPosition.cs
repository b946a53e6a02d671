using Gateway.Core.Identity;

namespace Gateway.Core.Positions;

/// <summary>
/// A unit's last reported position. <see cref="Time"/> is when the fix was taken (as reported), <see cref="ReceivedAt"/>
/// when the gateway got it; staleness is measured from <see cref="Time"/>, because an old fix delivered late is still old.
/// </summary>
public sealed record UnitPosition(UnitId Unit, GeoPoint Point, double AccuracyMetres, DateTimeOffset Time, DateTimeOffset ReceivedAt, string Source);

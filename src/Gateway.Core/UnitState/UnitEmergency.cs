using Gateway.Core.Identity;

namespace Gateway.Core.UnitState;

/// <summary>
/// A unit's open emergency. <see cref="PriorityPending"/> is true until the unit's next transmission in <see cref="Group"/>
/// has taken the floor at emergency priority. <see cref="Endpoint"/> is where it came from (an RTP peer reports no unit on
/// its talkers, so the boost also matches that endpoint).
/// </summary>
public sealed record UnitEmergency(
    UnitId Unit,
    TalkGroupId Group,
    DateTimeOffset RaisedAt,
    string Source,
    string? Note,
    double? Latitude,
    double? Longitude,
    EndpointId? Endpoint,
    bool PriorityPending);

using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>
/// One targeted unit's status on an alert: notified, acknowledged (first time only; later acks go to the history),
/// through what, responding / on-scene times (status messages), or checked out mid-alert.
/// </summary>
public sealed record AlertUnitStatus(
    string AlertId,
    UnitId Unit,
    string Status,
    DateTimeOffset? NotifiedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AckVia,
    DateTimeOffset? RespondingAt,
    DateTimeOffset? OnSceneAt,
    DateTimeOffset? CheckedOutAt)
{
    public TimeSpan? ResponseTime => AcknowledgedAt - NotifiedAt;
}

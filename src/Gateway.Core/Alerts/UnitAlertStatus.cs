using Gateway.Core.Identity;

namespace Gateway.Core.Alerts;

/// <summary>One targeted unit on an alert's board. <see cref="AcknowledgedAt"/> is the first acknowledgement only.</summary>
public sealed record UnitAlertStatus(
    UnitId Unit,
    DateTimeOffset? NotifiedAt,
    DateTimeOffset? AcknowledgedAt,
    AckSource? Via,
    DateTimeOffset? CheckedOutAt,
    int DuplicateAcks)
{
    public TimeSpan? ResponseTime => AcknowledgedAt - NotifiedAt;

    public bool Outstanding => AcknowledgedAt is null && CheckedOutAt is null;
}

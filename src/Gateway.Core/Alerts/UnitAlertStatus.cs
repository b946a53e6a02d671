using Gateway.Core.Identity;

namespace Gateway.Core.Alerts;

/// <summary>
/// One targeted unit on an alert's board. <see cref="AcknowledgedAt"/> is the first acknowledgement only; <see cref="RespondingAt"/>
/// and <see cref="OnSceneAt"/> are the first <c>responding</c> / <c>on_scene</c> status messages while the alert was active.
/// </summary>
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

    public DateTimeOffset? RespondingAt { get; init; }

    public DateTimeOffset? OnSceneAt { get; init; }

    /// <summary>From being notified to arriving on scene.</summary>
    public TimeSpan? ArrivalTime => OnSceneAt - NotifiedAt;
}

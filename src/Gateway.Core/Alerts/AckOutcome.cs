namespace Gateway.Core.Alerts;

public enum AckOutcomeKind
{
    /// <summary>The unit's first acknowledgement: its response time is set.</summary>
    First,

    /// <summary>Recorded as a duplicate (or late) acknowledgement; the first time is kept.</summary>
    Duplicate,
    UnknownAlert,
    UnitNotTargeted,
}

/// <summary>The answer to an acknowledgement; <see cref="Status"/> is the unit's board line when the alert and unit are known.</summary>
public sealed record AckOutcome(AckOutcomeKind Kind, UnitAlertStatus? Status, string? Reason = null);

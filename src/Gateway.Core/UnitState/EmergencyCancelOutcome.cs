namespace Gateway.Core.UnitState;

/// <summary>The answer to a unit's false-alarm cancel.</summary>
public enum EmergencyCancelOutcome
{
    Cancelled,
    NotInEmergency,

    /// <summary>The grace period is over: only a dispatcher can clear it now.</summary>
    GraceExpired,
}

namespace Gateway.Core.Alerts;

/// <summary>
/// An alert as the board shows it (and as it is persisted). <see cref="ArmedAt"/> is when it started waiting for
/// acknowledgements: the escalation ladder and the deadline are measured from it. <see cref="EscalationStep"/> counts fired steps.
/// <see cref="Regroup"/> is the nearest-units resolution (the temporary group and the units with their distances), if any.
/// </summary>
public sealed record AlertSnapshot(
    string Id,
    AlertState State,
    AlertRequest Request,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ArmedAt,
    DateTimeOffset? EndedAt,
    string? CreatedBy,
    IReadOnlyList<UnitAlertStatus> Units,
    int EscalationStep,
    string? EndReason,
    AlertRegroup? Regroup = null)
{
    public AlertCounts Counts => AlertCounts.From(Units);

    public bool IsOpen => State is AlertState.Pending or AlertState.Playing or AlertState.AwaitingAck or AlertState.Escalated;
}

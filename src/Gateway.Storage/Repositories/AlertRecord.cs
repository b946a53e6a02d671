using Gateway.Core.Floor;

namespace Gateway.Storage.Repositories;

/// <summary>
/// A stored alert (page). <see cref="State"/> is the alert engine's state name (<c>pending</c>, <c>playing</c>,
/// <c>awaiting_ack</c>, <c>completed</c>, <c>escalated</c>, <c>expired</c>, <c>cancelled</c>); <see cref="RequestJson"/>
/// keeps the whole broadcast request (targets, signalling, escalation steps) so a restart can resume the alert.
/// </summary>
public sealed record AlertRecord(
    string Id,
    string State,
    Priority Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? CreatedBy,
    string? Text,
    bool AckRequired,
    TimeSpan? AckDeadline,
    string RequestJson,
    DateTimeOffset? EndedAt,
    IReadOnlyList<AlertUnitStatus> Units);

using Gateway.Core.Floor;

namespace Gateway.Core.Alerts;

/// <summary>
/// A page as the dispatcher asked for it. Plain values only, so it is persisted as is and an alert resumes after a restart.
/// <see cref="Escalation"/> is the resolved ladder (a preset already expanded); empty means no escalation.
/// </summary>
public sealed record AlertRequest(
    AlertTargets Targets,
    Priority Priority,
    AlertSignalling Signalling,
    AlertVoice? Voice,
    string? Text,
    int RepeatCount,
    bool AckRequired,
    TimeSpan? AckDeadline,
    IReadOnlyList<EscalationStep> Escalation,
    string? EscalationPreset = null);

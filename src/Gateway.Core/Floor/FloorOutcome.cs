namespace Gateway.Core.Floor;

/// <summary>The immediate answer to a floor request.</summary>
public enum FloorOutcomeKind
{
    Granted,
    Queued,
    Denied,
}

/// <summary>The immediate answer to a <see cref="FloorRequest"/>.</summary>
/// <param name="Kind">Granted, queued or denied.</param>
/// <param name="Grant">The transmission when granted.</param>
/// <param name="QueuePosition">1-based position when queued.</param>
/// <param name="Holder">The current holder when denied or queued.</param>
/// <param name="Reason">Why it was denied (unknown group, busy, locked out...).</param>
public sealed record FloorOutcome(
    FloorOutcomeKind Kind,
    FloorGrant? Grant = null,
    int QueuePosition = 0,
    FloorHolder? Holder = null,
    string? Reason = null);

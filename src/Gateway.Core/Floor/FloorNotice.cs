using Gateway.Core.Identity;

namespace Gateway.Core.Floor;

/// <summary>What happened to an endpoint's own floor request after the immediate outcome.</summary>
public enum FloorNoticeKind
{
    /// <summary>A queued request was granted.</summary>
    Granted,

    /// <summary>The queue position changed.</summary>
    QueuePositionChanged,

    /// <summary>The queued request expired.</summary>
    QueueExpired,

    /// <summary>The endpoint lost the floor (see <see cref="FloorNotice.RevokeReason"/>).</summary>
    Revoked,

    /// <summary>The endpoint's transmission ended normally (it released).</summary>
    Released,
}

/// <summary>A floor decision sent to the endpoint that made the request.</summary>
public sealed record FloorNotice(
    FloorNoticeKind Kind,
    TalkGroupId TalkGroup,
    FloorGrant? Grant = null,
    TransmissionEndReason? RevokeReason = null,
    int QueuePosition = 0);

namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>What <see cref="RtpSequenceTracker.Update"/> decided about a sequence number.</summary>
public enum SequenceResult
{
    /// <summary>In order (or a small forward gap): play it.</summary>
    Valid,

    /// <summary>Late or duplicate within the misorder window: usable if the jitter buffer still waits for it.</summary>
    Misordered,

    /// <summary>The source is not yet validated (RFC 3550 A.1 probation): hold the packet.</summary>
    Probation,

    /// <summary>The first packet after probation completed: the held packet(s) and this one are valid.</summary>
    Validated,

    /// <summary>A very large jump: dropped unless the next packet confirms it.</summary>
    BadJump,

    /// <summary>The jump was confirmed: the sender restarted its sequence; treat as a new stream.</summary>
    Restarted,
}

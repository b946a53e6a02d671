namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>Why an incoming datagram was not used. Each value is a distinct metrics tag (<c>reason=rtp.*</c>).</summary>
public enum RtpDropReason
{
    None = 0,

    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TruncatedHeader,

    /// <summary>Version field is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC count claims more identifiers than the datagram holds.</summary>
    CsrcBeyondLength,

    /// <summary>The X bit is set but the 4-byte extension header does not fit.</summary>
    ExtensionHeaderTruncated,

    /// <summary>The extension length runs past the end of the datagram.</summary>
    ExtensionBeyondLength,

    /// <summary>The P bit is set but the padding count is 0 or larger than the payload.</summary>
    BadPadding,

    /// <summary>The payload type is neither the endpoint's codec nor its telephone-event type.</summary>
    UnexpectedPayloadType,

    /// <summary>The payload is empty or not a valid frame for the codec (e.g. an Opus TOC with impossible frame counts).</summary>
    BadPayload,

    /// <summary>The source address is not allowed to send to this endpoint.</summary>
    SourceNotAllowed,

    /// <summary>The source exceeded the endpoint's packet-rate limit.</summary>
    RateLimited,

    /// <summary>The sequence number is a duplicate or too old to play.</summary>
    DuplicateOrLate,

    /// <summary>The source is on probation (RFC 3550 A.1) or just jumped its sequence.</summary>
    SequenceProbation,

    /// <summary>A second SSRC talks over the current talk spurt without starting a new one (no marker).</summary>
    ForeignSsrc,

    /// <summary>A packet of a new talk spurt (new SSRC with marker, or a timestamp jump) while the previous spurt still drains.</summary>
    SpurtChange,

    /// <summary>The endpoint does not hold the floor for this talk spurt.</summary>
    FloorNotHeld,

    /// <summary>The jitter buffer was full.</summary>
    BufferOverflow,

    /// <summary>Our own stream came back (multicast loopback or a routing loop, RFC 3550 §8.2).</summary>
    Looped,

    /// <summary>A malformed RTCP datagram.</summary>
    BadRtcp,

    /// <summary>A malformed RFC 4733 telephone-event payload.</summary>
    BadTelephoneEvent,

    /// <summary>
    /// The packet reached us far later than the spurt's earliest packets would predict (a backlog after the process was
    /// starved of CPU): dropped unplayed so the endpoint catches up with real time instead of staying behind.
    /// </summary>
    Stale,

    /// <summary>
    /// A packet already accepted into the play-out buffer was discarded unplayed to keep the delay within
    /// <c>JitterMaxMs</c> (the sender's clock runs fast, a burst arrived, or the buffer trims its excess). A metrics tag
    /// only: the datagram itself was accepted, so it stays out of the endpoint's per-datagram drop counts.
    /// </summary>
    Skipped,
}

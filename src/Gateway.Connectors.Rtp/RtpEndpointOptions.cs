namespace Gateway.Connectors.Rtp;

/// <summary><c>Gateway:Connectors:Rtp[i]</c> (configuration contract): one RTP peer bound to a local UDP port.</summary>
public sealed class RtpEndpointOptions
{
    public string Id { get; set; } = string.Empty;

    public string TalkGroup { get; set; } = string.Empty;

    /// <summary>Local bind, <c>host:port</c> (IPv6 as <c>[::1]:port</c>).</summary>
    public string Listen { get; set; } = string.Empty;

    /// <summary>Fixed remote <c>host:port</c>; empty = latch onto the last valid source from <see cref="AllowedSources"/>.</summary>
    public string? Remote { get; set; }

    /// <summary>Multicast group address (with <see cref="MulticastInterface"/> and <see cref="Ttl"/>) instead of unicast.</summary>
    public string? Multicast { get; set; }

    public string? MulticastInterface { get; set; }

    public int Ttl { get; set; } = 1;

    /// <summary>Sources allowed to send to us (addresses or CIDR prefixes). Empty = only the configured remote, or loopback.</summary>
    public List<string> AllowedSources { get; set; } = [];

    /// <summary><c>opus</c>, <c>pcmu</c> or <c>pcma</c>.</summary>
    public string Codec { get; set; } = "opus";

    public int PayloadType { get; set; } = -1;

    public int Bitrate { get; set; } = 32_000;

    public int TelephoneEventPayloadType { get; set; } = 101;

    /// <summary>Priority of this endpoint's talkers: normal, dispatcher, alert, emergency.</summary>
    public string Priority { get; set; } = "normal";

    public int StreamEndMs { get; set; } = 250;

    public int JitterMinMs { get; set; } = 40;

    public int JitterMaxMs { get; set; } = 200;

    public int MaxPacketsPerSecond { get; set; } = 500;

    /// <summary>
    /// RFC 5761 RTCP multiplexing: RTP and RTCP share the <see cref="Listen"/> socket and the peer's RTP address (one port
    /// per endpoint instead of two; what SDP's <c>a=rtcp-mux</c> offers). False = RTCP on the port after the RTP port.
    /// With it the ports need not be even and may be 65535; not with <see cref="Multicast"/>.
    /// </summary>
    public bool RtcpMux { get; set; }
}

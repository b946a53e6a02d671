namespace Gateway.Core.Provisioning;

/// <summary>
/// An RTP endpoint as the API creates it at run time: the same settings, names and defaults as one
/// <c>Gateway:Connectors:Rtp</c> entry (the connector validates both with the same rules). Also what is persisted.
/// </summary>
public sealed record RtpEndpointDefinition
{
    public string Id { get; init; } = string.Empty;

    public string TalkGroup { get; init; } = string.Empty;

    /// <summary>Local bind <c>host:port</c> (even port; RTCP uses the next one, or any port with <see cref="RtcpMux"/>).</summary>
    public string Listen { get; init; } = string.Empty;

    /// <summary>Fixed remote <c>host:port</c>; null with no <see cref="Multicast"/> = latch onto the last valid source.</summary>
    public string? Remote { get; init; }

    public string? Multicast { get; init; }

    public string? MulticastInterface { get; init; }

    public int Ttl { get; init; } = 1;

    public IReadOnlyList<string> AllowedSources { get; init; } = [];

    /// <summary><c>opus</c>, <c>pcmu</c> or <c>pcma</c>.</summary>
    public string Codec { get; init; } = "opus";

    /// <summary>-1 = the codec's usual type (111, 0, 8).</summary>
    public int PayloadType { get; init; } = -1;

    public int Bitrate { get; init; } = 32_000;

    public int TelephoneEventPayloadType { get; init; } = 101;

    /// <summary>normal, dispatcher, alert or emergency.</summary>
    public string Priority { get; init; } = "normal";

    public int StreamEndMs { get; init; } = 250;

    public int JitterMinMs { get; init; } = 40;

    public int JitterMaxMs { get; init; } = 200;

    public int MaxPacketsPerSecond { get; init; } = 500;

    /// <summary>RFC 5761: RTCP on the RTP port and to the peer's RTP address (one socket). Rows stored before it read as false.</summary>
    public bool RtcpMux { get; init; }

    /// <summary>
    /// The unit this terminal carries (API only: configured endpoints are bound by <c>Gateway:Units[i]:Endpoints</c>);
    /// null = none. Not a connector setting: the API binds it (<see cref="Units.UnitEndpointBindings"/>) and persists it here.
    /// </summary>
    public string? Unit { get; init; }
}

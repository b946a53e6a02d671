namespace Gateway.Core.Provisioning;

/// <summary>One running RTP endpoint: its settings, where it came from, its bound address and figures.</summary>
/// <param name="LocalEndPoint">The bound RTP address (<c>host:port</c>; RTCP is the next port).</param>
/// <param name="Ssrc">The SSRC of the stream we send.</param>
public sealed record RtpEndpointStatus(
    RtpEndpointDefinition Definition,
    EndpointOrigin Origin,
    string LocalEndPoint,
    uint Ssrc,
    bool Degraded,
    RtpEndpointFigures Figures);

using System.Net;

namespace Gateway.Connectors.Rtp.Egress;

/// <summary>Where the endpoint's RTP and RTCP go right now (fixed, multicast, or latched onto the last valid source).</summary>
internal interface IRtpDestination
{
    /// <summary>The RTP destination, or null while a latched endpoint has not heard from anyone.</summary>
    SocketAddress? Rtp { get; }

    SocketAddress? Rtcp { get; }
}

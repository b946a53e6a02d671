using System.Net;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>How to open one UDP socket (RTP or RTCP).</summary>
/// <param name="Local">Local address and port to bind (for multicast: the port, and the interface address as the bind hint).</param>
/// <param name="MulticastGroup">Group to join, or null for unicast.</param>
/// <param name="MulticastInterface">Interface address to join on and send from (loopback tests need 127.0.0.1).</param>
/// <param name="Ttl">Multicast TTL / hop limit.</param>
internal sealed record UdpChannelOptions(IPEndPoint Local, IPAddress? MulticastGroup, IPAddress? MulticastInterface, int Ttl);

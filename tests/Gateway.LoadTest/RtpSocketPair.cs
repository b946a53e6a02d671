using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadTest;

/// <summary>
/// Harness RTP sockets (listeners and talkers) on an even loopback port, with a second socket holding the odd port above.
/// The gateway sends each endpoint's RTCP to its peer's RTP port + 1 (RFC 3550 §11: to the remote of a listener, to the
/// latched source of a talker). On a bare ephemeral port, port + 1 was often another listener's RTP socket: stray RTCP
/// reports arrived there, and a transcoded listener whose first datagram was such a report aligned its whole stream to a
/// bogus timestamp (the "loss" of issue 12's first transcode runs). The odd socket takes those reports; it is never read.
/// </summary>
internal static class RtpSocketPair
{
    /// <summary>An ephemeral even port for RTP whose odd neighbour could be bound too (a few tries at most).</summary>
    public static (Socket Rtp, Socket Rtcp) Bind()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var first = BindPort(0)!;
            var port = ((IPEndPoint)first.LocalEndPoint!).Port;
            var even = port % 2 == 0;
            if (BindPort(even ? port + 1 : port - 1) is { } neighbour)
            {
                return even ? (first, neighbour) : (neighbour, first);
            }

            first.Dispose();
        }

        throw new InvalidOperationException("found no free even/odd UDP port pair for an RTP socket");
    }

    private static Socket? BindPort(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Shared;

/// <summary>Picks free loopback ports for tests (the OS chooses; the socket is closed before use).</summary>
public static class FreePort
{
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static int Udp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>An even port whose successor is also free (RTP + RTCP).</summary>
    public static int UdpPair()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Udp() & ~1;
            if (port < 1024 || port > 65000)
            {
                continue;
            }

            try
            {
                using var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                using var b = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                a.Bind(new IPEndPoint(IPAddress.Loopback, port));
                b.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free UDP port pair found.");
    }

    /// <summary>A port free on both TCP and UDP (murmurd uses the same number for both).</summary>
    public static int TcpAndUdp()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Tcp();
            try
            {
                using var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                u.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No port free on both TCP and UDP found.");
    }
}

using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadTest;

/// <summary>
/// Even UDP port pairs (RTP, RTCP = RTP + 1), or single ports for RTCP-multiplexed endpoints, on 127.0.0.1 that were free
/// when probed, below Linux's ephemeral range (32768+), so the harness's own and other programs' ephemeral sockets cannot
/// take them before the gateway binds.
/// </summary>
internal static class PortAllocator
{
    public static List<int> EvenPairs(int count)
    {
        var result = new List<int>(count);
        var port = 12_000 + (2 * Random.Shared.Next(0, 5_000));
        var tried = 0;
        while (result.Count < count)
        {
            if (++tried > 10_300)
            {
                throw new InvalidOperationException($"found only {result.Count} of {count} free UDP port pairs");
            }

            port += 2;
            if (port > 32_700)
            {
                port = 12_000;
            }

            if (Free(port) && Free(port + 1))
            {
                result.Add(port);
            }
        }

        return result;
    }

    /// <summary>Single ports of any parity (RFC 5761 endpoints need no RTCP port): twice as many fit below 32768.</summary>
    public static List<int> Singles(int count)
    {
        var result = new List<int>(count);
        var port = 12_000 + Random.Shared.Next(0, 10_000);
        for (var tried = 0; result.Count < count; tried++)
        {
            if (tried > 20_700)
            {
                throw new InvalidOperationException($"found only {result.Count} of {count} free UDP ports");
            }

            port = port >= 32_700 ? 12_000 : port + 1;
            if (Free(port))
            {
                result.Add(port);
            }
        }

        return result;
    }

    public static int FreeTcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Free(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>Sends datagrams at given offsets from a start instant (a test peer with precise 20 ms pacing) and records when each went out.</summary>
internal static class PacedSender
{
    public static long[] Send(IPEndPoint destination, IReadOnlyList<(double AtMs, byte[] Datagram)> schedule, int sourcePort = 0)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, sourcePort));
        return Send(socket, destination, schedule);
    }

    /// <summary>The same from a socket the caller owns (a peer that also receives on it, as with RTCP multiplexing).</summary>
    public static long[] Send(Socket socket, IPEndPoint destination, IReadOnlyList<(double AtMs, byte[] Datagram)> schedule)
    {
        var sentAt = new long[schedule.Count];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < schedule.Count; i++)
        {
            var due = start + (long)(schedule[i].AtMs * Stopwatch.Frequency / 1000);
            while (Stopwatch.GetTimestamp() < due)
            {
                var left = (due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                if (left > 2)
                {
                    Thread.Sleep(1);
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }

            sentAt[i] = Stopwatch.GetTimestamp();
            socket.SendTo(schedule[i].Datagram, destination);
        }

        return sentAt;
    }
}

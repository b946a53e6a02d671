using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadTest;

/// <summary>
/// One listener: an RTP socket on an even port plus a socket holding RTP + 1, and what it received, per talker frame number.
/// The gateway sends each endpoint's RTCP to its remote's RTP port + 1 (RFC 3550 §11). With the listener on a bare
/// ephemeral port, port + 1 was often another listener's RTP socket: stray RTCP reports arrived there, and a transcoded
/// listener whose first datagram was such a report aligned its whole stream to a bogus timestamp (the "loss" of
/// issue 12's first transcode runs). The RTCP socket takes those reports; it is never read.
/// </summary>
internal sealed class Listener : IDisposable
{
    private readonly ulong[] _seen;
    private readonly Socket _rtcpSocket;

    public Listener(Talker? talker, bool expectsOpus, int maxFrames)
    {
        Talker = talker;
        ExpectsOpus = expectsOpus;
        (Socket, _rtcpSocket) = BindPair();
        Socket.ReceiveBufferSize = 256 * 1024;
        Native.EnableTimestamps(Socket);
        EndPoint = (IPEndPoint)Socket.LocalEndPoint!;
        _seen = new ulong[(maxFrames + 63) / 64];
    }

    public Socket Socket { get; }

    public IPEndPoint EndPoint { get; }

    public Talker? Talker { get; }

    public bool ExpectsOpus { get; }

    public long Received { get; set; }

    public long Duplicates { get; set; }

    public long Unresolved { get; set; }

    /// <summary>The UDP port of the gateway endpoint sending to this listener (0 = accept any sender).</summary>
    public int GatewayPort { get; set; }

    /// <summary>Datagrams ignored: RTCP, or not from <see cref="GatewayPort"/> (see <see cref="ListenerSet"/>).</summary>
    public long Foreign { get; set; }

    /// <summary>Arrival of each frame at this PCMU listener, the anchor of its group's transcoded listeners (one per group).</summary>
    public FrameArrivals? ArrivalLog { get; set; }

    /// <summary>Received packets of a tracked transcoded Opus listener, resolved to talker frames after the run.</summary>
    public OpusCapture? Capture { get; set; }

    /// <summary>Marks a frame as received; false when it had been received before.</summary>
    public bool Mark(long frame)
    {
        if (frame < 0 || frame >= (long)_seen.Length * 64)
        {
            return true;
        }

        var bit = 1UL << (int)(frame & 63);
        ref var word = ref _seen[frame >> 6];
        var fresh = (word & bit) == 0;
        word |= bit;
        return fresh;
    }

    public bool Has(long frame) => frame >= 0 && frame < (long)_seen.Length * 64 && (_seen[frame >> 6] & (1UL << (int)(frame & 63))) != 0;

    public long CountReceived(long fromFrame, long toFrame)
    {
        long count = 0;
        for (var f = fromFrame; f < toFrame && f < (long)_seen.Length * 64; f++)
        {
            if ((_seen[f >> 6] & (1UL << (int)(f & 63))) != 0)
            {
                count++;
            }
        }

        return count;
    }

    public void Dispose()
    {
        Socket.Dispose();
        _rtcpSocket.Dispose();
    }

    /// <summary>An ephemeral even port for RTP whose odd neighbour could be bound too (a few tries at most).</summary>
    private static (Socket Rtp, Socket Rtcp) BindPair()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var first = Bind(0)!;
            var port = ((IPEndPoint)first.LocalEndPoint!).Port;
            var even = port % 2 == 0;
            if (Bind(even ? port + 1 : port - 1) is { } neighbour)
            {
                return even ? (first, neighbour) : (neighbour, first);
            }

            first.Dispose();
        }

        throw new InvalidOperationException("found no free even/odd UDP port pair for a listener");
    }

    private static Socket? Bind(int port)
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

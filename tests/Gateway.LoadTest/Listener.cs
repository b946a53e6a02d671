using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadTest;

/// <summary>
/// One listener: an RTP socket plus a socket holding RTP + 1 (<see cref="RtpSocketPair"/>), and what it received, per
/// talker frame number.
/// </summary>
internal sealed class Listener : IDisposable
{
    private readonly ulong[] _seen;
    private readonly Socket _rtcpSocket;

    public Listener(Talker? talker, bool expectsOpus, int maxFrames)
    {
        Talker = talker;
        ExpectsOpus = expectsOpus;
        (Socket, _rtcpSocket) = RtpSocketPair.Bind();
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
}

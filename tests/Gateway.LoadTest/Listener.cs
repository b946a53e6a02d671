using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadTest;

/// <summary>One listener socket and what it received, per talker frame number.</summary>
internal sealed class Listener : IDisposable
{
    private readonly ulong[] _seen;

    public Listener(Talker? talker, bool expectsOpus, int maxFrames)
    {
        Talker = talker;
        ExpectsOpus = expectsOpus;
        Socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 256 * 1024 };
        Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
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

    /// <summary>RTP timestamp of the first packet (transcoded Opus streams are aligned from it).</summary>
    public uint? FirstTimestamp { get; set; }

    /// <summary>Arrival time of the n-th output frame (transcoded Opus), resolved to talker frames after the run.</summary>
    public long[]? ArrivalByOutputIndex { get; set; }

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

    public void Dispose() => Socket.Dispose();
}

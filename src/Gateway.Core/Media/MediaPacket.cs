using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Identity;

namespace Gateway.Core.Media;

/// <summary>
/// One 20 ms frame on its way out of the router, in one destination profile: the encoded payload and, when known,
/// the 48 kHz PCM it came from. Pooled and reference counted, so the same bytes go to every endpoint of a profile
/// without copies: each holder calls <see cref="Release"/> exactly once when done.
/// </summary>
public sealed class MediaPacket
{
    private readonly MediaPacketPool _pool;
    private int _references;

    internal MediaPacket(MediaPacketPool pool)
    {
        _pool = pool;
    }

    /// <summary>Encoded payload buffer (capacity <see cref="AudioFormat.MaxPacketBytes"/> or more).</summary>
    public byte[] PayloadBuffer { get; } = new byte[4096];

    public int PayloadLength { get; set; }

    public ReadOnlySpan<byte> Payload => PayloadBuffer.AsSpan(0, PayloadLength);

    public ReadOnlyMemory<byte> PayloadMemory => PayloadBuffer.AsMemory(0, PayloadLength);

    /// <summary>The profile the payload is encoded in.</summary>
    public CodecProfile Profile { get; set; }

    /// <summary>The frame as 48 kHz mono float (always <see cref="AudioFormat.FrameSamples"/> long).</summary>
    public float[] Pcm { get; } = new float[AudioFormat.FrameSamples];

    /// <summary>True when <see cref="Pcm"/> holds the frame's audio (false for pass-through packets that were never decoded).</summary>
    public bool HasPcm { get; set; }

    public TalkGroupId TalkGroup { get; set; }

    /// <summary>The talker whose audio this is (the floor holder).</summary>
    public Talker? Talker { get; set; }

    /// <summary>Frame counter within the transmission, starting at 0.</summary>
    public long Sequence { get; set; }

    /// <summary>Number of 48 kHz samples the payload covers (960 for 20 ms).</summary>
    public int Samples { get; set; } = AudioFormat.FrameSamples;

    public FrameFlags Flags { get; set; }

    /// <summary>When the router released the frame (<see cref="TimeProvider.GetTimestamp"/> units), for latency measurements.</summary>
    public long RoutedTimestamp { get; set; }

    /// <summary>Adds <paramref name="count"/> references (one per destination the packet is handed to).</summary>
    public void AddReferences(int count) => Interlocked.Add(ref _references, count);

    /// <summary>Gives back one reference; the last one returns the packet to its pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _pool.Return(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("MediaPacket released more often than referenced.");
        }
    }

    internal void Reset()
    {
        PayloadLength = 0;
        HasPcm = false;
        Talker = null;
        Flags = FrameFlags.None;
        Sequence = 0;
        Samples = AudioFormat.FrameSamples;
        RoutedTimestamp = 0;
        _references = 0;
    }
}

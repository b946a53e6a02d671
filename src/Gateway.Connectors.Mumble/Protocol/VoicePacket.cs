namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>
/// One legacy-format voice packet (protocols-ip.md A5) as parsed from a buffer; <see cref="Opus"/> points into that buffer.
/// </summary>
public readonly ref struct VoicePacket
{
    public VoicePacket(VoiceCodec codec, byte target, uint session, long sequence, ReadOnlySpan<byte> opus, bool terminator)
    {
        Codec = codec;
        Target = target;
        Session = session;
        Sequence = sequence;
        Opus = opus;
        Terminator = terminator;
    }

    public VoiceCodec Codec { get; }

    /// <summary>0 = normal talking; 1..30 whisper targets; 31 server loopback.</summary>
    public byte Target { get; }

    /// <summary>The talking user's session (server → client packets only; 0 otherwise).</summary>
    public uint Session { get; }

    /// <summary>Sequence in 10 ms units (a 20 ms packet advances it by 2).</summary>
    public long Sequence { get; }

    public ReadOnlySpan<byte> Opus { get; }

    /// <summary>Last packet of a talk spurt (bit 0x2000 of the Opus length).</summary>
    public bool Terminator { get; }
}

/// <summary>The 3-bit type in a voice packet's first byte.</summary>
public enum VoiceCodec : byte
{
    CeltAlpha = 0,
    Ping = 1,
    Speex = 2,
    CeltBeta = 3,
    Opus = 4,
}

namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>
/// Reads and writes legacy Opus voice packets (protocols-ip.md A5):
/// client → server <c>[hdr][varint seq][varint opusHdr][opus]</c>, server → client <c>[hdr][varint session][varint seq][varint opusHdr][opus]</c>.
/// Pure span code, no allocation.
/// </summary>
public static class VoicePacketCodec
{
    /// <summary>Bit 13 of the Opus header varint: last packet of a talk spurt.</summary>
    public const int TerminatorBit = 0x2000;

    /// <summary>The Opus length field has 13 bits.</summary>
    public const int MaxOpusLength = 0x1FFF;

    /// <summary>Largest plain voice packet the server relays (encrypted UDP datagram ≤ 1024).</summary>
    public const int MaxPacketLength = 1020;

    /// <summary>
    /// Parses a voice packet. <paramref name="fromServer"/> selects the layout with the talker's session.
    /// Returns false for malformed packets (truncated, bad varint, length beyond the buffer); non-Opus codecs parse
    /// with an empty <see cref="VoicePacket.Opus"/> so callers can count and ignore them.
    /// Trailing bytes after the Opus data (the optional positional floats) are ignored.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, bool fromServer, out VoicePacket packet)
    {
        packet = default;
        if (data.IsEmpty)
        {
            return false;
        }

        var codec = (VoiceCodec)(data[0] >> 5);
        var target = (byte)(data[0] & 0x1F);
        var rest = data[1..];
        uint session = 0;
        if (fromServer)
        {
            if (!MumbleVarint.TryRead(rest, out var s, out var n) || s < 0 || s > uint.MaxValue)
            {
                return false;
            }

            session = (uint)s;
            rest = rest[n..];
        }

        if (codec != VoiceCodec.Opus)
        {
            if (codec == VoiceCodec.Ping)
            {
                return false;
            }

            packet = new VoicePacket(codec, target, session, 0, ReadOnlySpan<byte>.Empty, false);
            return true;
        }

        if (!MumbleVarint.TryRead(rest, out var sequence, out var seqLength) || sequence < 0)
        {
            return false;
        }

        rest = rest[seqLength..];
        if (!MumbleVarint.TryRead(rest, out var opusHeader, out var headerLength) || opusHeader < 0)
        {
            return false;
        }

        rest = rest[headerLength..];
        var opusLength = (int)(opusHeader & MaxOpusLength);
        if (opusLength > rest.Length)
        {
            return false;
        }

        packet = new VoicePacket(codec, target, session, sequence, rest[..opusLength], (opusHeader & TerminatorBit) != 0);
        return true;
    }

    /// <summary>
    /// Writes a client → server Opus packet (target 0 unless given). Returns the bytes written.
    /// </summary>
    public static int WriteClient(Span<byte> destination, long sequence, ReadOnlySpan<byte> opus, bool terminator, byte target = 0) =>
        Write(destination, session: null, sequence, opus, terminator, target);

    /// <summary>Writes a server → client Opus packet (used by tests and tools that play the server's part).</summary>
    public static int WriteServer(Span<byte> destination, uint session, long sequence, ReadOnlySpan<byte> opus, bool terminator, byte target = 0) =>
        Write(destination, session, sequence, opus, terminator, target);

    /// <summary>Bytes needed for a packet with this sequence and Opus length.</summary>
    public static int GetClientLength(long sequence, int opusLength) =>
        1 + MumbleVarint.GetLength(sequence) + MumbleVarint.GetLength(opusLength | TerminatorBit) + opusLength;

    private static int Write(Span<byte> destination, uint? session, long sequence, ReadOnlySpan<byte> opus, bool terminator, byte target)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        if (opus.Length > MaxOpusLength)
        {
            throw new ArgumentException($"Opus payload of {opus.Length} bytes exceeds the 13-bit length field.", nameof(opus));
        }

        if (target > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "Voice target must be 0..31.");
        }

        var opusHeader = opus.Length | (terminator ? TerminatorBit : 0);
        var needed = 1 + (session is { } s0 ? MumbleVarint.GetLength(s0) : 0) + MumbleVarint.GetLength(sequence) + MumbleVarint.GetLength(opusHeader) + opus.Length;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"Destination of {destination.Length} bytes is too small for a {needed}-byte voice packet.", nameof(destination));
        }

        destination[0] = (byte)(((int)VoiceCodec.Opus << 5) | target);
        var offset = 1;
        if (session is { } s)
        {
            offset += MumbleVarint.Write(destination[offset..], s);
        }

        offset += MumbleVarint.Write(destination[offset..], sequence);
        offset += MumbleVarint.Write(destination[offset..], opusHeader);
        opus.CopyTo(destination[offset..]);
        return offset + opus.Length;
    }
}

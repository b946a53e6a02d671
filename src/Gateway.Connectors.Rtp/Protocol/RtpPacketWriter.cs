using System.Buffers.Binary;

namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>Writes RTP packets (RFC 3550 §5.1). Pure and allocation-free.</summary>
public static class RtpPacketWriter
{
    /// <summary>Bytes needed for a packet with these parts.</summary>
    public static int Size(int payloadLength, int csrcCount = 0, int extensionLength = 0, int paddingLength = 0) =>
        RtpPacketReader.FixedHeaderLength + (4 * csrcCount) + (extensionLength > 0 ? 4 + extensionLength : 0) + payloadLength + paddingLength;

    /// <summary>Writes a plain packet (no CSRC, no extension, no padding); returns its length.</summary>
    public static int Write(Span<byte> destination, bool marker, byte payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload) =>
        Write(destination, marker, payloadType, sequence, timestamp, ssrc, payload, [], 0, [], 0);

    /// <summary>
    /// Writes a full packet; <paramref name="extension"/> must be a multiple of 4 bytes (or empty for none),
    /// <paramref name="paddingLength"/> 0..255. Returns the packet length.
    /// </summary>
    public static int Write(
        Span<byte> destination,
        bool marker,
        byte payloadType,
        ushort sequence,
        uint timestamp,
        uint ssrc,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<uint> csrcs,
        ushort extensionProfile,
        ReadOnlySpan<byte> extension,
        int paddingLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(csrcs.Length, 15);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paddingLength, 255);
        if (extension.Length % 4 != 0)
        {
            throw new ArgumentException("The header extension must be a whole number of 32-bit words.", nameof(extension));
        }

        var hasExtension = extension.Length > 0 || extensionProfile != 0;
        var length = RtpPacketReader.FixedHeaderLength + (4 * csrcs.Length) + (hasExtension ? 4 + extension.Length : 0) + payload.Length + paddingLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; the packet needs {length}.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | (paddingLength > 0 ? 0x20 : 0) | (hasExtension ? 0x10 : 0) | csrcs.Length);
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        var offset = RtpPacketReader.FixedHeaderLength;
        foreach (var csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }

        if (hasExtension)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], extensionProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(extension.Length / 4));
            extension.CopyTo(destination[(offset + 4)..]);
            offset += 4 + extension.Length;
        }

        payload.CopyTo(destination[offset..]);
        offset += payload.Length;
        if (paddingLength > 0)
        {
            destination.Slice(offset, paddingLength - 1).Clear();
            destination[offset + paddingLength - 1] = (byte)paddingLength;
            offset += paddingLength;
        }

        return offset;
    }
}

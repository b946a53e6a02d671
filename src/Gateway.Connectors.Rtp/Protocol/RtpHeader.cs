namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>
/// A parsed RTP header (RFC 3550 §5.1) as offsets into the datagram it was read from, so nothing is copied.
/// </summary>
public readonly record struct RtpHeader(
    bool Marker,
    byte PayloadType,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    int CsrcCount,
    bool HasExtension,
    ushort ExtensionProfile,
    int ExtensionOffset,
    int ExtensionLength,
    int PayloadOffset,
    int PayloadLength,
    int PaddingLength)
{
    /// <summary>The payload (padding removed) inside <paramref name="datagram"/>.</summary>
    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> datagram) => datagram.Slice(PayloadOffset, PayloadLength);

    /// <summary>The extension data (after the 4-byte extension header) inside <paramref name="datagram"/>.</summary>
    public ReadOnlySpan<byte> Extension(ReadOnlySpan<byte> datagram) => datagram.Slice(ExtensionOffset, ExtensionLength);

    /// <summary>CSRC number <paramref name="index"/> inside <paramref name="datagram"/>.</summary>
    public uint Csrc(ReadOnlySpan<byte> datagram, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(RtpPacketReader.FixedHeaderLength + (4 * index), 4));
    }
}

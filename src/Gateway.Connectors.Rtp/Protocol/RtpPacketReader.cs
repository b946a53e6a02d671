using System.Buffers.Binary;

namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>Reads RTP packets (RFC 3550 §5.1) from a datagram. Pure: no I/O, no allocation, never throws on bad input.</summary>
public static class RtpPacketReader
{
    public const int FixedHeaderLength = 12;

    /// <summary>
    /// Largest extension we accept, in bytes. RFC 3550 allows 256 KiB in theory; anything beyond a datagram's worth is
    /// an attack or garbage, and the length check below already bounds it by the datagram.
    /// </summary>
    public const int MaxExtensionBytes = 1024;

    /// <summary>True when the first byte looks like RTP/RTCP version 2 (cheap pre-check before demultiplexing).</summary>
    public static bool LooksLikeVersion2(ReadOnlySpan<byte> datagram) => datagram.Length > 0 && (datagram[0] >> 6) == 2;

    /// <summary>Parses and validates one RTP packet; on failure <paramref name="reason"/> names what was wrong.</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out RtpHeader header, out RtpDropReason reason)
    {
        header = default;
        if (datagram.Length < FixedHeaderLength)
        {
            reason = RtpDropReason.TruncatedHeader;
            return false;
        }

        var b0 = datagram[0];
        if ((b0 >> 6) != 2)
        {
            reason = RtpDropReason.BadVersion;
            return false;
        }

        var padding = (b0 & 0x20) != 0;
        var extension = (b0 & 0x10) != 0;
        var csrcCount = b0 & 0x0F;
        var b1 = datagram[1];
        var offset = FixedHeaderLength + (4 * csrcCount);
        if (offset > datagram.Length)
        {
            reason = RtpDropReason.CsrcBeyondLength;
            return false;
        }

        ushort extensionProfile = 0;
        int extensionOffset = 0, extensionLength = 0;
        if (extension)
        {
            if (offset + 4 > datagram.Length)
            {
                reason = RtpDropReason.ExtensionHeaderTruncated;
                return false;
            }

            extensionProfile = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset, 2));
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset + 2, 2)) * 4;
            extensionOffset = offset + 4;
            if (extensionLength > MaxExtensionBytes || extensionOffset + extensionLength > datagram.Length)
            {
                reason = RtpDropReason.ExtensionBeyondLength;
                return false;
            }

            offset = extensionOffset + extensionLength;
        }

        var end = datagram.Length;
        var paddingLength = 0;
        if (padding)
        {
            paddingLength = datagram[^1];
            if (paddingLength == 0 || paddingLength > end - offset)
            {
                reason = RtpDropReason.BadPadding;
                return false;
            }

            end -= paddingLength;
        }

        header = new RtpHeader(
            Marker: (b1 & 0x80) != 0,
            PayloadType: (byte)(b1 & 0x7F),
            SequenceNumber: BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(2, 2)),
            Timestamp: BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(4, 4)),
            Ssrc: BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(8, 4)),
            CsrcCount: csrcCount,
            HasExtension: extension,
            ExtensionProfile: extensionProfile,
            ExtensionOffset: extensionOffset,
            ExtensionLength: extensionLength,
            PayloadOffset: offset,
            PayloadLength: end - offset,
            PaddingLength: paddingLength);
        reason = RtpDropReason.None;
        return true;
    }

    /// <summary>
    /// RTP and RTCP may share a port (RFC 5761): RTCP packet types 200..204 land in the RTP PT range 72..76 with the marker set.
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) => datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;
}

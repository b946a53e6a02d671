using System.Buffers.Binary;

namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>
/// Walks the packets of an RTCP datagram (RFC 3550 §6.1). Lenient on purpose: a lone SR without SDES (what ffmpeg sends)
/// is accepted; structural errors (bad version, a length past the end, bad padding) stop the walk with <see cref="Error"/>.
/// </summary>
public ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _remaining;

    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        Error = datagram.Length < 4 ? RtpDropReason.BadRtcp : RtpDropReason.None;
        if (Error != RtpDropReason.None)
        {
            _remaining = default;
        }
    }

    /// <summary>Set when the datagram turned out to be malformed.</summary>
    public RtpDropReason Error { get; private set; }

    /// <summary>Reads the next packet; false at the end or on a malformed packet (see <see cref="Error"/>).</summary>
    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < 4 || (_remaining[0] >> 6) != 2)
        {
            return Fail();
        }

        var length = (BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]) + 1) * 4;
        if (length > _remaining.Length)
        {
            return Fail();
        }

        var whole = _remaining[..length];
        var body = whole[4..];
        if ((whole[0] & 0x20) != 0)
        {
            // Padding is only allowed on the last packet of a compound (RFC 3550 §6.4.1).
            var pad = whole[^1];
            if (pad == 0 || pad > body.Length || length != _remaining.Length)
            {
                return Fail();
            }

            body = body[..^pad];
        }

        packet = new RtcpPacket(whole[1], whole[0] & 0x1F, body);
        _remaining = _remaining[length..];
        return true;
    }

    private bool Fail()
    {
        Error = RtpDropReason.BadRtcp;
        _remaining = default;
        return false;
    }
}

using System.Buffers.Binary;

namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>One RTCP packet inside a compound datagram: its header fields and its body (after the 4-byte header, padding removed).</summary>
public readonly ref struct RtcpPacket
{
    public RtcpPacket(byte packetType, int count, ReadOnlySpan<byte> body)
    {
        PacketType = packetType;
        Count = count;
        Body = body;
    }

    public byte PacketType { get; }

    /// <summary>The 5-bit count field (report blocks, SDES chunks, BYE sources, APP subtype).</summary>
    public int Count { get; }

    public ReadOnlySpan<byte> Body { get; }

    /// <summary>SSRC of the packet's sender (SR, RR, APP) or first source (SDES, BYE); 0 when the body is too short.</summary>
    public uint SenderSsrc => Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;

    /// <summary>Reads the sender info of an SR.</summary>
    public bool TryGetSenderInfo(out RtcpSenderInfo info)
    {
        info = default;
        if (PacketType != (byte)RtcpPacketType.SenderReport || Body.Length < 24)
        {
            return false;
        }

        info = new RtcpSenderInfo(
            BinaryPrimitives.ReadUInt64BigEndian(Body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(Body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(Body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(Body[20..]));
        return true;
    }

    /// <summary>Number of report blocks that are actually present (SR or RR).</summary>
    public int ReportBlockCount
    {
        get
        {
            var start = ReportBlocksOffset;
            return start < 0 ? 0 : Math.Min(Count, (Body.Length - start) / RtcpReportBlock.Size);
        }
    }

    /// <summary>Report block <paramref name="index"/> of an SR or RR.</summary>
    public RtcpReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportBlockCount);
        var b = Body.Slice(ReportBlocksOffset + (index * RtcpReportBlock.Size), RtcpReportBlock.Size);
        var lost = (b[5] << 16) | (b[6] << 8) | b[7];
        if ((lost & 0x800000) != 0)
        {
            lost |= unchecked((int)0xFF000000);
        }

        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(b),
            b[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(b[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(b[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(b[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(b[20..]));
    }

    /// <summary>True when a BYE lists <paramref name="ssrc"/>.</summary>
    public bool ByeContains(uint ssrc)
    {
        if (PacketType != (byte)RtcpPacketType.Goodbye)
        {
            return false;
        }

        var n = Math.Min(Count, Body.Length / 4);
        for (var i = 0; i < n; i++)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(Body[(4 * i)..]) == ssrc)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The CNAME of the first SDES chunk that has one; false when none or the chunk is malformed.</summary>
    public bool TryGetCname(out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        if (PacketType != (byte)RtcpPacketType.SourceDescription)
        {
            return false;
        }

        var body = Body;
        for (var chunk = 0; chunk < Count && body.Length >= 4; chunk++)
        {
            var chunkSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
            var pos = 4;
            while (pos < body.Length && body[pos] != 0)
            {
                if (pos + 2 > body.Length)
                {
                    return false;
                }

                var type = body[pos];
                var length = body[pos + 1];
                if (pos + 2 + length > body.Length)
                {
                    return false;
                }

                if (type == 1)
                {
                    ssrc = chunkSsrc;
                    cname = body.Slice(pos + 2, length);
                    return true;
                }

                pos += 2 + length;
            }

            // Skip the terminating null and pad to the next 32-bit boundary.
            pos = (pos + 4) & ~3;
            if (pos > body.Length)
            {
                return false;
            }

            body = body[pos..];
        }

        return false;
    }

    private int ReportBlocksOffset => PacketType switch
    {
        (byte)RtcpPacketType.SenderReport => 24,
        (byte)RtcpPacketType.ReceiverReport => 4,
        _ => -1,
    };
}

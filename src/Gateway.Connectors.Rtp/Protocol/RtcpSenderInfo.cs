namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>The sender information of an SR (RFC 3550 §6.4.1).</summary>
/// <param name="NtpTimestamp">64-bit NTP time (seconds since 1900 in the high word).</param>
/// <param name="RtpTimestamp">The RTP timestamp of that same instant.</param>
/// <param name="PacketCount">Packets sent so far.</param>
/// <param name="OctetCount">Payload octets sent so far.</param>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    /// <summary>The middle 32 bits of the NTP timestamp, as echoed in LSR.</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);
}

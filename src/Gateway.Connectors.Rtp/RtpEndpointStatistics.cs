using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp;

/// <summary>
/// A snapshot of one RTP endpoint's counters. Every datagram that reaches the RTP port is counted exactly once as
/// accepted, held (probation), RTCP or dropped with a reason, so
/// <c>DatagramsReceived == Accepted + Held + RtcpPackets + Drops.Sum</c>.
/// </summary>
public sealed record RtpEndpointStatistics(
    long DatagramsReceived,
    long BytesReceived,
    long Accepted,
    long Held,
    long RtcpPackets,
    IReadOnlyDictionary<RtpDropReason, long> Drops,
    long FramesSubmitted,
    long FramesConcealed,
    long PacketsSkipped,
    long Underruns,
    long Reordered,
    long TalkSpurts,
    long DtmfDigitsReceived,
    uint? RemoteSsrc,
    long PacketsLost,
    long PacketsExpected,
    double JitterMilliseconds,
    long PacketsSent,
    long OctetsSent,
    long SendErrors,
    long SocketRestarts,
    RtpPeerReport? Peer)
{
    public long DroppedTotal => Drops.Values.Sum();
}

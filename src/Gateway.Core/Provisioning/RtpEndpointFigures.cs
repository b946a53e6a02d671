namespace Gateway.Core.Provisioning;

/// <summary>An RTP endpoint's traffic figures for the API (a connector-neutral copy of its statistics).</summary>
public sealed record RtpEndpointFigures(
    long DatagramsReceived,
    long BytesReceived,
    long Accepted,
    long RtcpPackets,
    IReadOnlyDictionary<string, long> Drops,
    long FramesSubmitted,
    long FramesConcealed,
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
    RtpPeerFigures? Peer);

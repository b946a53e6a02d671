namespace Gateway.Connectors.Rtp;

/// <summary>What the peer's last RTCP report said about our stream.</summary>
/// <param name="FractionLost">Loss in the peer's last interval, 0..1.</param>
/// <param name="CumulativeLost">Packets of ours the peer never got.</param>
/// <param name="JitterMilliseconds">The peer's interarrival jitter of our stream.</param>
/// <param name="RoundTrip">Round trip from LSR/DLSR, when the peer echoed one of our SRs.</param>
/// <param name="ReceivedAt">When the report arrived.</param>
public sealed record RtpPeerReport(double FractionLost, int CumulativeLost, double JitterMilliseconds, TimeSpan? RoundTrip, DateTimeOffset ReceivedAt);

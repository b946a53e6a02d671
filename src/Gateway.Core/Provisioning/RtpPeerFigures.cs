namespace Gateway.Core.Provisioning;

/// <summary>What the peer's last RTCP report said about the stream we send it.</summary>
/// <param name="FractionLost">Loss in the peer's last interval, 0..1.</param>
/// <param name="CumulativeLost">Our packets the peer never got.</param>
/// <param name="JitterMilliseconds">The peer's interarrival jitter of our stream.</param>
/// <param name="RoundTrip">From LSR/DLSR, when the peer echoed one of our sender reports.</param>
/// <param name="ReceivedAt">When the report arrived.</param>
public sealed record RtpPeerFigures(double FractionLost, int CumulativeLost, double JitterMilliseconds, TimeSpan? RoundTrip, DateTimeOffset ReceivedAt);

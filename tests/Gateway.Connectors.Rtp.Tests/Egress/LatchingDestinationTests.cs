using System.Net;
using Gateway.Connectors.Rtp.Egress;

namespace Gateway.Connectors.Rtp.Tests.Egress;

/// <summary>Where RTCP goes: the next port by convention (RFC 3550), or the RTP address itself with multiplexing (RFC 5761).</summary>
public sealed class LatchingDestinationTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Loopback, 5004);

    [Fact]
    public void Rtcp_FixedRemote_NextPortOrTheRtpPortWithMux()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5005), IPEndPoint.Parse("0.0.0.0:0").Create(new LatchingDestination(Peer).Rtcp!));
        Assert.Equal(Peer, IPEndPoint.Parse("0.0.0.0:0").Create(new LatchingDestination(Peer, rtcpMux: true).Rtcp!));
    }

    [Fact]
    public void Rtcp_LatchedWithMux_FollowsTheRtpSourceAndIgnoresRtcpSources()
    {
        var destination = new LatchingDestination(null, rtcpMux: true);
        Assert.Null(destination.Rtcp);

        destination.LatchRtp(new IPEndPoint(IPAddress.Loopback, 7001).Serialize());
        destination.LatchRtcp(new IPEndPoint(IPAddress.Loopback, 9999).Serialize());

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 7001), IPEndPoint.Parse("0.0.0.0:0").Create(destination.Rtcp!));
        Assert.Same(destination.Rtp, destination.Rtcp);
    }

    [Fact]
    public void Rtcp_LatchedWithoutMux_NextPortUntilThePeersRtcpIsSeen()
    {
        var destination = new LatchingDestination(null);

        destination.LatchRtp(new IPEndPoint(IPAddress.Loopback, 7000).Serialize());
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 7001), IPEndPoint.Parse("0.0.0.0:0").Create(destination.Rtcp!));

        destination.LatchRtcp(new IPEndPoint(IPAddress.Loopback, 7003).Serialize());
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 7003), IPEndPoint.Parse("0.0.0.0:0").Create(destination.Rtcp!));
    }
}

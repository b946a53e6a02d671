using System.Net;
using System.Net.Sockets;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Tests.Interop;
using Gateway.Connectors.Rtp.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Rtp.Tests.Endpoint;

/// <summary>
/// RFC 5761 RTCP multiplexing with a one-socket test peer: the endpoint binds only its RTP port, and reports, BYE, the
/// peer's reports and audio in both directions all use that port and the peer's one address.
/// </summary>
public sealed class RtcpMuxLiveTests
{
    [Fact]
    public async Task RtcpMux_OneSocketPeer_ReportsByeAndAudioShareTheRtpPort()
    {
        await using var gateway = new GatewayHarness("A");
        var listen = FreePort.UdpPair();
        // The port after ours is taken: a muxed endpoint neither needs nor binds it.
        using var nextPort = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        nextPort.Bind(new IPEndPoint(IPAddress.Loopback, listen + 1));
        using var peer = new RtpCapture(FreePort.Udp());
        using var capture = new RtpCapture(FreePort.Udp());
        var mux = gateway.Add("mux", "A", "pcmu", configure: o => (o.Listen, o.RtcpMux) = ("127.0.0.1:" + listen, true));
        var other = gateway.Add("other", "A", "pcmu", capture.Port);
        Assert.True(mux.RtcpMux);
        Assert.Equal(listen, mux.LocalEndPoint.Port);

        // Peer → gateway: the peer talks from its one socket; the endpoint latches onto it and the group hears it.
        var target = GatewayHarness.Loopback(listen);
        PacedSender.Send(peer.Socket, target, ToneStream.Build(gateway.Codecs, CodecProfile.Pcmu, 0, 1.0, ssrc: 77));
        await FfmpegInteropTests.WaitUntilAsync(() => capture.Count >= 25, TimeSpan.FromSeconds(5));
        await FfmpegInteropTests.WaitUntilAsync(() => mux.Ingress.Phase == Rtp.Ingress.SpurtPhase.Idle, TimeSpan.FromSeconds(3));

        // Gateway → peer: another talker's audio reaches the latched peer address.
        var talk = Task.Run(() => PacedSender.Send(GatewayHarness.Loopback(other.LocalEndPoint.Port), ToneStream.Build(gateway.Codecs, CodecProfile.Pcmu, 0, 1.0, ssrc: 99)));
        await FfmpegInteropTests.WaitUntilAsync(() => peer.PacketsFrom(mux.Ssrc) >= 25, TimeSpan.FromSeconds(5));
        await talk;

        // The endpoint's reports (SR once it has sent media, with SDES) arrive at the peer's RTP socket.
        await FfmpegInteropTests.WaitUntilAsync(() => peer.Rtcp.Any(r => r.Type == RtcpPacketType.SenderReport && r.Ssrc == mux.Ssrc && r.PacketCount > 0), TimeSpan.FromSeconds(10));
        Assert.Contains(peer.Rtcp, r => r.Type == RtcpPacketType.SourceDescription && r.Ssrc == mux.Ssrc);

        // The peer's RR, sent to the RTP port, is read.
        var rr = new byte[64];
        var length = RtcpWriter.WriteReceiverReport(rr, 77, [new RtcpReportBlock(mux.Ssrc, 0, 0, 1000, 80, 0, 0)]);
        peer.Socket.SendTo(rr.AsSpan(0, length), SocketFlags.None, target);
        await FfmpegInteropTests.WaitUntilAsync(() => mux.GetStatistics().Peer is not null, TimeSpan.FromSeconds(5));
        Assert.Equal(10.0, mux.GetStatistics().Peer!.JitterMilliseconds, 3);
        Assert.True(mux.GetStatistics().RtcpPackets >= 1);

        // BYE at stop goes to the peer's RTP address too.
        var ssrc = mux.Ssrc;
        Assert.True(await gateway.Connector.RemoveEndpointAsync("mux"));
        await FfmpegInteropTests.WaitUntilAsync(() => peer.Rtcp.Any(r => r.Type == RtcpPacketType.Goodbye && r.Ssrc == ssrc), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AddEndpoint_RtcpMuxOnAnOddPort_Binds()
    {
        await using var gateway = new GatewayHarness("A");
        var odd = FreePort.UdpPair() + 1;

        var endpoint = gateway.Add("odd", "A", "opus", configure: o => (o.Listen, o.RtcpMux) = ("127.0.0.1:" + odd, true));

        Assert.Equal(odd, endpoint.LocalEndPoint.Port);
    }

    [Fact]
    public async Task AddEndpoint_NextPortTakenWithoutRtcpMux_RefusedNamingTheRtcpPort()
    {
        await using var gateway = new GatewayHarness("A");
        var listen = FreePort.UdpPair();
        using var nextPort = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        nextPort.Bind(new IPEndPoint(IPAddress.Loopback, listen + 1));

        var error = Assert.Throws<RtpConfigurationException>(() => gateway.Add("pair", "A", "opus", configure: o => o.Listen = "127.0.0.1:" + listen));

        Assert.Contains("(and the next port for RTCP) cannot be bound", error.Message, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Tests.Interop;
using Gateway.Connectors.Rtp.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Rtp.Tests.Endpoint;

/// <summary>RTCP with a test peer: the gateway's SR + SDES CNAME arrive, and the peer's RR becomes endpoint statistics.</summary>
public sealed class RtcpLiveTests
{
    [Fact]
    public async Task Rtcp_PeerReceiverReport_LossJitterAndRoundTripInStatistics()
    {
        await using var gateway = new GatewayHarness("A");
        var peerPort = FreePort.UdpPair();
        using var media = new RtpCapture(peerPort);
        using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rtcp.Bind(new IPEndPoint(IPAddress.Loopback, peerPort + 1));
        rtcp.ReceiveTimeout = 10_000;
        var ingress = gateway.Add("in", "A", "pcmu");
        var egress = gateway.Add("out", "A", "opus", peerPort);

        // Talk for 4 s so the gateway has sent media when its first report (after 1.25..3.75 s) goes out.
        var talk = Task.Run(() => PacedSender.Send(GatewayHarness.Loopback(ingress.LocalEndPoint.Port), ToneStream.Build(gateway.Codecs, CodecProfile.Pcmu, 0, 4.0, ssrc: 99)));
        var buffer = new byte[1500];
        RtcpSenderInfo info = default;
        string? cname = null;
        long srArrival = 0;
        while (cname is null || info.PacketCount == 0)
        {
            var n = rtcp.Receive(buffer);
            srArrival = Stopwatch.GetTimestamp();
            var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
            Assert.True(reader.TryReadNext(out var first));
            if (first.PacketType != (byte)RtcpPacketType.SenderReport)
            {
                continue; // an RR from before the first media packet
            }

            Assert.Equal(egress.Ssrc, first.SenderSsrc);
            Assert.True(first.TryGetSenderInfo(out info));
            while (reader.TryReadNext(out var next))
            {
                if (next.TryGetCname(out var ssrc, out var text))
                {
                    Assert.Equal(egress.Ssrc, ssrc);
                    cname = Encoding.ASCII.GetString(text);
                }
            }
        }

        Assert.Equal("out@test", cname);
        Assert.InRange(info.PacketCount, 10u, 250u);

        // The peer answers: 25 % lost in the interval, 7 lost in total, 10 ms jitter, and it held the SR for 50 ms.
        var hold = TimeSpan.FromMilliseconds(50);
        while (Stopwatch.GetElapsedTime(srArrival) < hold)
        {
            Thread.Sleep(1);
        }

        var dlsr = (uint)(Stopwatch.GetElapsedTime(srArrival).TotalSeconds * 65536);
        var rr = new byte[64];
        var length = RtcpWriter.WriteReceiverReport(rr, 0x7E57, [new RtcpReportBlock(egress.Ssrc, 64, 7, 1234, 480, info.CompactNtp, dlsr)]);
        rtcp.SendTo(rr.AsSpan(0, length), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, egress.LocalEndPoint.Port + 1));

        await FfmpegInteropTests.WaitUntilAsync(() => egress.GetStatistics().Peer is not null, TimeSpan.FromSeconds(10));
        var peer = egress.GetStatistics().Peer!;
        Assert.Equal(0.25, peer.FractionLost);
        Assert.Equal(7, peer.CumulativeLost);
        Assert.Equal(10.0, peer.JitterMilliseconds, 3);
        Assert.NotNull(peer.RoundTrip);
        Assert.InRange(peer.RoundTrip!.Value, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        await talk;
    }
}

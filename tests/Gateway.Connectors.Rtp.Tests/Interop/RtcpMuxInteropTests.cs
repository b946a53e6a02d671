using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Tests.Support;
using Gateway.Tests.Shared;
using Xunit.Abstractions;

namespace Gateway.Connectors.Rtp.Tests.Interop;

/// <summary>
/// ffmpeg as a sender to an RTCP-multiplexed endpoint: its RTP muxer sends its sender reports to <c>rtcpport</c>, here the
/// RTP port itself, so a real stack's RTCP arrives on the one socket and must be told apart from its media (RFC 5761 §4).
/// ffmpeg sends those reports from its own next port, not its RTP port, so it is a sender-side check only.
/// </summary>
[Collection("ffmpeg")]
public sealed class RtcpMuxInteropTests
{
    private readonly ITestOutputHelper _output;

    public RtcpMuxInteropTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task RtcpMux_FfmpegSendsRtcpToTheRtpPort_MediaForwardedAndReportsRead()
    {
        await using var gateway = new GatewayHarness("A");
        using var capture = new RtpCapture(FreePort.Udp());
        var mux = gateway.Add("mux", "A", "opus", configure: o => (o.Listen, o.RtcpMux, o.JitterMaxMs) = ("127.0.0.1:" + FreePort.Udp(), true, 600));
        gateway.Add("out", "A", "pcmu", capture.Port);
        var port = mux.LocalEndPoint.Port;

        using (var sender = Ffmpeg.SendOpusTone(port, 2.0, query: $"?rtcpport={port}"))
        {
            await sender.WaitForExitAsync(TimeSpan.FromSeconds(15));
        }

        await FfmpegInteropTests.WaitUntilAsync(() => mux.Ingress.Phase == Rtp.Ingress.SpurtPhase.Idle, TimeSpan.FromSeconds(3));
        var s = mux.GetStatistics();
        _output.WriteLine($"received {s.DatagramsReceived}, accepted {s.Accepted}, rtcp {s.RtcpPackets}, drops {string.Join(", ", s.Drops.Where(d => d.Value > 0))}; forwarded {capture.Count}");
        Assert.True(s.RtcpPackets >= 1, "ffmpeg's sender report was not read on the RTP port");
        Assert.Equal(0, s.Drops.GetValueOrDefault(RtpDropReason.BadRtcp));
        Assert.Equal(0, s.Drops.GetValueOrDefault(RtpDropReason.BadVersion));
        Assert.InRange(s.Accepted, 100, 200); // 2 s of tone and 1 s of padding in 20 ms packets, none taken for RTCP
        Assert.True(capture.Count >= 100, $"only {capture.Count} packets reached the group's other endpoint");
    }
}

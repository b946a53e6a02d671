using Gateway.Connectors.Rtp.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Connectors.Rtp.Tests.Interop;

/// <summary>
/// Multicast inside a network namespace the test creates (root required, as in CI): ffmpeg sends Opus to group
/// 239.255.42.1, a gateway endpoint joined on 127.0.0.1 receives it, a second endpoint sends PCMU to group 239.255.42.2
/// where an ffmpeg receiver joined on 127.0.0.1 decodes it.
/// </summary>
[Collection("ffmpeg")]
public sealed class MulticastTests
{
    private readonly ITestOutputHelper _output;

    public MulticastTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Multicast_FfmpegGroupToGatewayToGroup_ToneArrivesInsideNamespace()
    {
        using var ns = new NetworkNamespace();
        using var temp = new TempDirectory();
        await using var gateway = new GatewayHarness("A");
        const int InPort = 45000;
        const int OutPort = 45010;

        // Sockets and threads created inside the namespace stay there.
        var (ingress, egress) = ns.Run(() => (
            gateway.Connector.AddEndpoint(new RtpEndpointOptions
            {
                Id = "mc-in", TalkGroup = "A", Listen = $"127.0.0.1:{InPort}", Multicast = "239.255.42.1", MulticastInterface = "127.0.0.1",
                AllowedSources = ["127.0.0.0/8"], Codec = "opus", JitterMaxMs = 600,
            }),
            gateway.Connector.AddEndpoint(new RtpEndpointOptions
            {
                Id = "mc-out", TalkGroup = "A", Listen = $"127.0.0.1:{OutPort}", Multicast = "239.255.42.2", MulticastInterface = "127.0.0.1",
                Ttl = 1, AllowedSources = ["127.0.0.0/8"], Codec = "pcmu",
            })));

        Ffmpeg.Namespace = ns.Name;
        var sdp = Ffmpeg.WriteSdp(temp.Path, "rx.sdp", OutPort, "pcmu", address: "239.255.42.2");
        var wav = temp.File("out.wav");
        using var receiver = Ffmpeg.Receive(sdp, wav, 2.5, localAddress: "127.0.0.1");
        await receiver.WaitUntilListeningAsync(OutPort);
        using (var sender = Ffmpeg.SendOpusTone(InPort, 2.0, host: "239.255.42.1", query: "?ttl=0&localaddr=127.0.0.1"))
        {
            try
            {
                await receiver.WaitForExitAsync(TimeSpan.FromSeconds(60)); // generous: a starved CI machine runs ffmpeg slowly
                await sender.WaitForExitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                _output.WriteLine($"in {FfmpegInteropTests.Describe(ingress.GetStatistics())}\nout {FfmpegInteropTests.Describe(egress.GetStatistics())}\nreceiver: {receiver.Stderr[^Math.Min(400, receiver.Stderr.Length)..]}");
            }
        }

        var (samples, rate) = Wav.Read(wav);
        var tone = ToneAnalysis.Measure(samples, rate);
        _output.WriteLine(tone.ToString());
        Assert.InRange(tone.FrequencyHz, 990, 1010);
        Assert.InRange(tone.LevelDbfs, ToneAnalysis.SineLevelDbfs(0.125) - 1, ToneAnalysis.SineLevelDbfs(0.125) + 1);
        Assert.InRange(tone.DurationSeconds, 1.96, 2.04);

        // The egress endpoint heard its own multicast packets come back and dropped them as a loop, never as a talker.
        Assert.True(egress.GetStatistics().Drops.GetValueOrDefault(Rtp.Protocol.RtpDropReason.Looped) > 50);
        Assert.Equal(0, egress.GetStatistics().TalkSpurts);
    }
}

using Gateway.Connectors.Rtp.Tests.Support;
using Gateway.Tests.Shared;
using Xunit.Abstractions;

namespace Gateway.Connectors.Rtp.Tests.Interop;

/// <summary>ffmpeg sends RTP into group A; a second RTP endpoint of A delivers to an ffmpeg receiver; the audio is checked.</summary>
[Collection("ffmpeg")]
public sealed class FfmpegInteropTests
{
    private const double ToneSeconds = 2.0;
    private readonly ITestOutputHelper _output;

    public FfmpegInteropTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("opus", "opus")]
    [InlineData("pcmu", "opus")]
    [InlineData("opus", "pcma")]
    [InlineData("pcmu", "pcmu")]
    public async Task Forward_FfmpegToneIn_FfmpegReceiverGetsSameTone(string inCodec, string outCodec)
    {
        using var temp = new TempDirectory();
        await using var gateway = new GatewayHarness("A");
        var receiverPort = FreePort.UdpPair();
        // A generous jitter maximum: on a shared CI machine the process can stall for a few hundred ms, and the
        // buffer must absorb that rather than skip audio (the duration assertion is 40 ms).
        var ingress = gateway.Add("in", "A", inCodec, configure: o => o.JitterMaxMs = 600);
        var egress = gateway.Add("out", "A", outCodec, receiverPort);
        var sdp = Ffmpeg.WriteSdp(temp.Path, "rx.sdp", receiverPort, outCodec);
        var wav = temp.File("out.wav");

        using var receiver = Ffmpeg.Receive(sdp, wav, ToneSeconds + 0.5);
        await receiver.WaitUntilListeningAsync(receiverPort);
        using (var sender = inCodec == "opus"
            ? Ffmpeg.SendOpusTone(ingress.LocalEndPoint.Port, ToneSeconds)
            : Ffmpeg.SendG711Tone(ingress.LocalEndPoint.Port, ToneSeconds, alaw: inCodec == "pcma"))
        {
            try
            {
                await receiver.WaitForExitAsync(TimeSpan.FromSeconds(15));
                await sender.WaitForExitAsync(TimeSpan.FromSeconds(15));
            }
            finally
            {
                _output.WriteLine($"maxtick {ingress.MaxTickMicroseconds} us, late {ingress.LateTicks}, slow {ingress.SlowTicks}; in {Describe(ingress.GetStatistics())}\nout {Describe(egress.GetStatistics())}\nreceiver: {receiver.Stderr[^Math.Min(receiver.Stderr.Length, 600)..]}");
            }
        }

        await WaitUntilAsync(() => ingress.Ingress.Phase == Rtp.Ingress.SpurtPhase.Idle, TimeSpan.FromSeconds(3));

        var (samples, rate) = Wav.Read(wav);
        var tone = ToneAnalysis.Measure(samples, rate);
        _output.WriteLine($"{inCodec}->{outCodec}: {tone}");
        Assert.InRange(tone.FrequencyHz, 990, 1010);
        Assert.InRange(tone.LevelDbfs, ToneAnalysis.SineLevelDbfs(0.125) - 1, ToneAnalysis.SineLevelDbfs(0.125) + 1);
        Assert.InRange(tone.DurationSeconds, ToneSeconds - 0.04, ToneSeconds + 0.04);
    }

    [Fact]
    public async Task Forward_WavTalkerThroughCore_FfmpegPcmuReceiverGetsTone()
    {
        // The gRPC Talk path ends in the core's paced WAV/PCM source; this drives that source directly (the API
        // project owns the gRPC half) and checks what an RTP peer hears.
        using var temp = new TempDirectory();
        await using var gateway = new GatewayHarness("A");
        var receiverPort = FreePort.UdpPair();
        var egress = gateway.Add("out", "A", "pcmu", receiverPort);
        var wavIn = temp.File("in.wav");
        Wav.WriteTone(wavIn, 48_000, ToneSeconds, 1000, 0.125);
        var sdp = Ffmpeg.WriteSdp(temp.Path, "rx.sdp", receiverPort, "pcmu");
        var wav = temp.File("out.wav");
        var source = new Core.Endpoints.WavFileSource(gateway.Switchboard, new Core.Identity.EndpointId("dispatcher-wav"), wavIn, TimeProvider.System);
        gateway.Switchboard.Attach(source, new Core.Identity.TalkGroupId("A"));

        using var receiver = Ffmpeg.Receive(sdp, wav, ToneSeconds - 0.2);
        await receiver.WaitUntilListeningAsync(receiverPort);
        await source.PlayAsync(new Core.Identity.TalkGroupId("A"), Core.Floor.Priority.Dispatcher);
        await receiver.WaitForExitAsync(TimeSpan.FromSeconds(20));

        var (samples, rate) = Wav.Read(wav);
        var tone = ToneAnalysis.Measure(samples, rate);
        _output.WriteLine($"wav->pcmu: {tone}; out {Describe(egress.GetStatistics())}");
        Assert.InRange(tone.FrequencyHz, 990, 1010);
        Assert.InRange(tone.LevelDbfs, ToneAnalysis.SineLevelDbfs(0.125) - 1, ToneAnalysis.SineLevelDbfs(0.125) + 1);
        // ffmpeg records 1.8 s of the 2 s tone (an RTP receiver only stops cleanly at its -t): the tone must fill it without a gap.
        Assert.InRange(tone.DurationSeconds, ToneSeconds - 0.2 - 0.04, ToneSeconds - 0.2 + 0.04);
        Assert.Equal(0, tone.LongestGapSeconds);
    }

    internal static string Describe(RtpEndpointStatistics s) =>
        s + " drops: " + string.Join(", ", s.Drops.Select(d => $"{d.Key}={d.Value}"));

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met within " + timeout);
            }

            await Task.Delay(20);
        }
    }
}

using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Audio.Codecs.Opus;
using Gateway.Core.Endpoints;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Tests.TestDoubles;
using Gateway.Tests.Shared;

namespace Gateway.Core.Tests.Routing;

/// <summary>The router with Gateway.Audio's real codecs (G.711, L16, Opus).</summary>
public sealed class RealCodecRoutingTests
{
    private static readonly CodecFactory Codecs = new();

    [Fact]
    public async Task PlayAsync_WavToThreeProfiles_L16ExactOpusAndPcmuDecodeToTheSameSpeech()
    {
        using var h = new Harness(Codecs);
        using var metrics = new MetricRecorder(h.Metrics);
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        var l16 = Enumerable.Range(0, 3).Select(i => h.Endpoint("l16-" + i, "a", CodecProfile.Pcm48k)).ToArray();
        var opus = Enumerable.Range(0, 3).Select(i => h.Endpoint("opus-" + i, "a", CodecProfile.Opus(24_000))).ToArray();
        var pcmu = Enumerable.Range(0, 3).Select(i => h.Endpoint("pcmu-" + i, "a", CodecProfile.Pcmu)).ToArray();
        var source = new WavFileSource(h.Switchboard, new EndpointId("ep1"), TestPaths.TestDataFile("dispatch-en-48k.wav"), h.Time);

        var play = source.PlayAsync(new TalkGroupId("a"), Priority.Dispatcher);
        Eventually.True(() => l16[0].Delivered >= 1, "playback to start");
        while (!play.IsCompleted)
        {
            var before = l16[0].Delivered;
            h.Time.Advance(AudioFormat.FrameDuration);
            Eventually.True(() => l16[0].Delivered > before || play.IsCompleted, "the next frame");
        }

        var result = await play;
        Assert.True(result.Completed);
        var frames = result.FramesSent;

        // One encode per profile per frame, whatever the number of listeners.
        Assert.Equal(frames * 3, metrics.Get("gateway.router.encodes"));

        var reference = Harness.Frames(l16[1]).SelectMany(f => TestL16CodecFactory.DecodeL16(f.Payload)).Select(s => s / 32768f).ToArray();
        Assert.Equal(frames * AudioFormat.FrameSamples, reference.Length);
        Assert.InRange(Rms(reference), 0.01, 0.5);

        Assert.True(Correlation(reference, Decode(Harness.Frames(opus[2]), CodecProfile.Opus(24_000))) > 0.8, "Opus listeners hear the file");
        Assert.True(Correlation(reference, Decode(Harness.Frames(pcmu[0]), CodecProfile.Pcmu)) > 0.8, "PCMU listeners hear the file");
        Assert.Equal(Harness.Frames(opus[0]).Select(f => f.Payload.Length), Harness.Frames(opus[1]).Select(f => f.Payload.Length));
    }

    [Fact]
    public void SubmitFrame_PcmuTalkerToOpusListener_CodedNarrowbandUntilAFullBandTalkerFollows()
    {
        using var h = new Harness(Codecs);
        h.Switchboard.UpsertTalkGroup(Harness.Group("a", hangMs: 0));
        h.Endpoint("radio", "a", CodecProfile.Pcmu, capture: false);
        h.Endpoint("console", "a", CodecProfile.Pcm48k, capture: false);
        var listener = h.Endpoint("poc", "a", CodecProfile.Opus(32_000));
        var group = new TalkGroupId("a");
        using var pcmu = Codecs.CreateEncoder(CodecProfile.Pcmu);
        var payload = new byte[AudioFormat.MaxPacketBytes];

        // A radio bridged over RTP in G.711: its frames reach the router as PCMU payloads.
        h.Ask("a", "radio");
        for (var i = 0; i < 20; i++)
        {
            var n = pcmu.Encode(Harness.Tone(i), payload);
            h.Switchboard.SubmitFrame(new EndpointId("radio"), group, default, payload.AsSpan(0, n), CodecProfile.Pcmu, FrameFlags.None);
        }

        h.Switchboard.ReleaseFloor(new EndpointId("radio"), group);
        var fromRadio = Harness.Frames(listener).Where(f => f.Payload.Length > 0).Select(f => OpusPacket.GetBandwidthHz(f.Payload[0])).ToList(); // drains

        // Then a 48 kHz source (a console handing in PCM with some high-frequency content): full band again.
        h.Ask("a", "console");
        for (var i = 0; i < 20; i++)
        {
            var frame = Harness.Tone(i);
            for (var k = 0; k < frame.Length; k++)
            {
                frame[k] += 0.1f * MathF.Sin(2 * MathF.PI * 9_000 * ((i * frame.Length) + k) / AudioFormat.SampleRate);
            }

            h.Submit("console", "a", frame);
        }

        var fromConsole = Harness.Frames(listener).Where(f => f.Payload.Length > 0).Select(f => OpusPacket.GetBandwidthHz(f.Payload[0])).ToList();
        Assert.Equal(20, fromRadio.Count);
        Assert.All(fromRadio, b => Assert.Equal(4_000, b));
        Assert.Equal(20, fromConsole.Count);
        Assert.True(fromConsole.Skip(5).All(b => b > 8_000), "full band after the narrowband talker: " + string.Join(",", fromConsole));
    }

    [Fact]
    public void SubmitFrame_RealCodecsSteadyState_AllocatesNothing()
    {
        using var h = new Harness(Codecs);
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        h.Endpoint("talker", "a", capture: false);
        for (var i = 0; i < 30; i++)
        {
            var profile = (i % 3) switch { 0 => CodecProfile.Pcm48k, 1 => CodecProfile.Opus(), _ => CodecProfile.Pcmu };
            h.Endpoint("l" + i, "a", profile, capture: false);
        }

        h.Ask("a", "talker");
        var frames = Enumerable.Range(0, 8).Select(i => Harness.Tone(i)).ToArray();
        var source = new EndpointId("talker");
        var group = new TalkGroupId("a");

        void Batch()
        {
            for (var i = 0; i < 100; i++)
            {
                h.Switchboard.SubmitFrame(source, group, frames[i % frames.Length], default, CodecProfile.Pcm48k, FrameFlags.None);
            }
        }

        Batch();
        Assert.Equal(0, SteadyStateAllocation.QuietestWindow(Batch));
    }

    private static float[] Decode(List<ReceivedFrame> frames, CodecProfile profile)
    {
        using var decoder = Codecs.CreateDecoder(profile);
        var output = new List<float>();
        var buffer = new float[AudioFormat.FrameSamples * 6];
        foreach (var frame in frames.Where(f => f.Payload.Length > 0))
        {
            var n = decoder.Decode(frame.Payload, buffer);
            output.AddRange(buffer.Take(n));
        }

        return [.. output];
    }

    private static double Rms(float[] x) => Math.Sqrt(x.Average(s => (double)s * s));

    /// <summary>Best normalised cross-correlation over small lags (codecs add a few ms of delay).</summary>
    private static double Correlation(float[] a, float[] b)
    {
        var best = 0.0;
        for (var lag = 0; lag <= 960; lag += 4)
        {
            double ab = 0, aa = 0, bb = 0;
            var n = Math.Min(a.Length, b.Length - lag);
            for (var i = 0; i < n; i++)
            {
                ab += a[i] * b[i + lag];
                aa += a[i] * a[i];
                bb += b[i + lag] * b[i + lag];
            }

            best = Math.Max(best, ab / Math.Sqrt((aa * bb) + 1e-12));
        }

        return best;
    }
}

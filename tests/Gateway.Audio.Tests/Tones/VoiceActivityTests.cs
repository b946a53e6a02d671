using Gateway.Audio.Files;
using Gateway.Audio.Tests.Support;
using Gateway.Audio.Tones;
using Gateway.Tests.Shared;

namespace Gateway.Audio.Tests.Tones;

public sealed class VoiceActivityTests
{
    [Fact]
    public void Process_ToneThenSilence_OpensAfterAttackClosesAfterHang()
    {
        var vad = new VoiceActivityDetector(48_000, new VoiceActivityOptions { ThresholdDbfs = -40, Attack = TimeSpan.FromMilliseconds(40), Hang = TimeSpan.FromMilliseconds(300) });
        var tone = Signal.Sine(800, 0.1, 960, 48_000);
        var silence = new float[960];
        Assert.False(vad.Process(tone));
        Assert.True(vad.Process(tone));
        for (var i = 0; i < 14; i++)
        {
            Assert.True(vad.Process(silence), $"hang frame {i}");
        }

        Assert.False(vad.Process(silence));
    }

    [Fact]
    public void Process_SingleClick_DoesNotOpen()
    {
        var vad = new VoiceActivityDetector();
        Assert.False(vad.Process(Signal.Sine(800, 0.5, 960, 48_000)));
        Assert.False(vad.Process(new float[960]));
        Assert.False(vad.Process(Signal.Sine(800, 0.5, 960, 48_000)));
    }

    [Fact]
    public void Process_SpeechClipAndLowNoise_ActiveForSpeechOnly()
    {
        var speech = WavFile.ReadMono48k(TestPaths.TestDataFile("dispatch-en-48k.wav"));
        var vad = new VoiceActivityDetector();
        var active = 0;
        for (var o = 0; o + 960 <= speech.Length; o += 960)
        {
            active += vad.Process(speech.AsSpan(o, 960)) ? 1 : 0;
        }

        Assert.True(active > speech.Length / 960 / 2, $"active in {active} frames");
        var quiet = new VoiceActivityDetector();
        var noise = Signal.WhiteNoise(48_000, 0.001, 3);
        for (var o = 0; o < noise.Length; o += 960)
        {
            Assert.False(quiet.Process(noise.AsSpan(o, 960)));
        }
    }
}

using Gateway.Audio.Files;
using Gateway.Audio.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Audio.Tests.Files;

public sealed class WavFileTests
{
    [Fact]
    public void ReadMono48k_8kSpeechFile_ResamplesToSameDuration()
    {
        var wide = WavFile.ReadMono48k(TestPaths.TestDataFile("dispatch-en-48k.wav"));
        var narrow = WavFile.ReadMono48k(TestPaths.TestDataFile("dispatch-en-8k.wav"));
        Assert.True(wide.Length > 48_000, "speech clip shorter than 1 s");
        Assert.InRange(narrow.Length, wide.Length - 480, wide.Length + 480);
        Assert.InRange(Signal.Rms(narrow), 0.01, 0.7);
    }

    [Fact]
    public void WriteThenRead_16BitTone_RoundTripsWithinOneLsb()
    {
        using var dir = new TempDirectory();
        var tone = Signal.Sine(1000, 0.5, 4800, 48_000);
        WavFile.Write(dir.File("t.wav"), tone);
        var back = WavFile.ReadMono48k(dir.File("t.wav"));
        Assert.Equal(tone.Length, back.Length);
        for (var i = 0; i < tone.Length; i++)
        {
            Assert.InRange(back[i] - tone[i], -1.5f / 32768, 1.5f / 32768);
        }
    }

    [Fact]
    public void ReadMono48k_FfmpegStereo16k_DownmixesAndResamples()
    {
        using var dir = new TempDirectory();
        ExternalProcess.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=1000:duration=1:sample_rate=16000", "-af", "pan=stereo|c0=c0|c1=0.5*c0", "-ar", "16000", "-c:a", "pcm_s16le", dir.File("s.wav"));
        var mono = WavFile.ReadMono48k(dir.File("s.wav"));
        Assert.InRange(mono.Length, 47_900, 48_000);
        var steady = mono.AsSpan(4800, 38_400);
        Assert.InRange(Signal.PeakFrequency(steady, 48_000, 900, 1100), 999.5, 1000.5);
        Assert.InRange(Signal.Db(Signal.ToneAmplitude(steady, 1000, 48_000) / (0.125 * 0.75)), -0.5, 0.5); // lavfi sine is 1/8 FS; (L + R/2) / 2
    }
}

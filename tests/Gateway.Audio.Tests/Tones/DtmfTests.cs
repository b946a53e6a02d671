using Gateway.Audio.Codecs;
using Gateway.Audio.Files;
using Gateway.Audio.Tests.Support;
using Gateway.Audio.Tones;
using Gateway.Tests.Shared;

namespace Gateway.Audio.Tests.Tones;

public sealed class DtmfTests
{
    private const string AllKeys = "123A456B789C*0#D";

    internal static string Detect(float[] signal, int sampleRate, DtmfDetectorOptions? options = null)
    {
        var detector = new DtmfDetector(sampleRate, options);
        var frame = sampleRate / 50;
        var found = new List<char>();
        Span<char> digits = stackalloc char[8];
        for (var offset = 0; offset < signal.Length; offset += frame)
        {
            var n = detector.Process(signal.AsSpan(offset, Math.Min(frame, signal.Length - offset)), digits);
            for (var i = 0; i < n; i++)
            {
                found.Add(digits[i]);
            }
        }

        return new string(found.ToArray());
    }

    [Theory]
    [InlineData(48_000)]
    [InlineData(8_000)]
    public void Detect_All16Keys_FoundInOrder(int sampleRate)
    {
        var signal = DtmfGenerator.Create(AllKeys).Render(sampleRate);
        Assert.Equal(AllKeys, Detect(signal, sampleRate));
    }

    [Fact]
    public void Detect_RepeatedKeyWithStandardGap_ReportsEachPress() =>
        Assert.Equal("1111", Detect(DtmfGenerator.Create("1111", new DtmfGeneratorOptions { ToneDuration = TimeSpan.FromMilliseconds(50), Gap = TimeSpan.FromMilliseconds(50) }).Render(), 48_000));

    [Theory]
    [InlineData(-7, "159#")]   // normal twist 7 dB: accepted
    [InlineData(3.5, "159#")]  // reverse twist 3.5 dB: accepted
    [InlineData(-10, "")]      // normal twist beyond 8 dB: rejected
    [InlineData(6, "")]        // reverse twist beyond 4 dB: rejected
    public void Detect_Twist_AcceptsWithinLimits(double twistDb, string expected) =>
        Assert.Equal(expected, Detect(DtmfGenerator.Create("159#", new DtmfGeneratorOptions { TwistDb = twistDb, LevelDbfs = -14 }).Render(), 48_000));

    [Theory]
    [InlineData(20, "")] // Q.24: shorter than ~23 ms must not operate
    [InlineData(45, "2580")]
    public void Detect_ToneDuration_RespectsMinimum(int milliseconds, string expected) =>
        Assert.Equal(expected, Detect(DtmfGenerator.Create("2580", new DtmfGeneratorOptions { ToneDuration = TimeSpan.FromMilliseconds(milliseconds), Gap = TimeSpan.FromMilliseconds(60) }).Render(), 48_000));

    [Theory]
    [InlineData(1.015)]
    [InlineData(0.985)]
    public void Detect_FrequencyOffByOnePointFivePercent_StillAccepted(double factor)
    {
        // All four rows/columns shifted by the tolerance the receiver norm says to accept.
        var segments = new List<ToneSegment>();
        foreach (var key in AllKeys)
        {
            var (low, high) = DtmfTones.Frequencies(key);
            segments.Add(new ToneSegment(TimeSpan.FromMilliseconds(60), low * factor, Level.FromDbfs(-10), high * factor, Level.FromDbfs(-8)));
            segments.Add(ToneSegment.Silence(TimeSpan.FromMilliseconds(60)));
        }

        Assert.Equal(AllKeys, Detect(new ToneSequence(segments).Render(), 48_000));
    }

    [Fact]
    public void Detect_SingleToneOrThirdRowAndColumnPair_NotADigit()
    {
        var single = new ToneSequence([new ToneSegment(TimeSpan.FromMilliseconds(200), 770, 0.3)]).Render();
        var chord = new ToneSequence([new ToneSegment(TimeSpan.FromMilliseconds(200), 697, 0.3, 770, 0.3)]).Render();
        Assert.Equal(string.Empty, Detect(single, 48_000));
        Assert.Equal(string.Empty, Detect(chord, 48_000));
    }

    public static TheoryData<string> Channels => new() { "opus-native", "opus-managed", "pcmu", "pcma", "noise-20db", "pcmu-8k-noise" };

    [Theory]
    [MemberData(nameof(Channels))]
    public void Detect_AfterCodecAndNoise_FindsAllKeys(string channel)
    {
        var clean = DtmfGenerator.Create(AllKeys, new DtmfGeneratorOptions { ToneDuration = TimeSpan.FromMilliseconds(70), Gap = TimeSpan.FromMilliseconds(60) }).Render();
        var managed = new CodecFactory(new CodecFactoryOptions { PreferNativeOpus = false });
        var (signal, rate) = channel switch
        {
            "opus-native" => (Channel.AddNoise(Channel.CodecRoundTrip(clean, CodecProfile.Opus(24_000)), 20), 48_000),
            "opus-managed" => (Channel.AddNoise(Channel.CodecRoundTrip(clean, CodecProfile.Opus(16_000), managed), 20), 48_000),
            "pcmu" => (Channel.CodecRoundTrip(clean, CodecProfile.Pcmu), 48_000),
            "pcma" => (Channel.AddNoise(Channel.CodecRoundTrip(clean, CodecProfile.Pcma), 20), 48_000),
            "noise-20db" => (Channel.AddNoise(clean, 20), 48_000),
            _ => (Channel.AddNoise(Channel.Downsample8k(Channel.CodecRoundTrip(clean, CodecProfile.Pcmu)), 20), 8_000),
        };
        Assert.Equal(AllKeys, Detect(signal, rate));
    }

    [Theory]
    [InlineData("dispatch-en-48k.wav")]
    [InlineData("dispatch-zh-48k.wav")]
    [InlineData("dispatch-en-8k.wav")]
    public void Detect_SpeechClips_NoFalseDigits(string file)
    {
        var speech = WavFile.ReadMono48k(TestPaths.TestDataFile(file));
        Assert.Equal(string.Empty, Detect(speech, 48_000));
        Assert.Equal(string.Empty, Detect(Channel.Downsample8k(speech), 8_000));
        Assert.Equal(string.Empty, Detect(Channel.CodecRoundTrip(speech, CodecProfile.Opus(16_000)), 48_000));
    }

    [Fact]
    public void Process_SteadyState_AllocatesNothing()
    {
        var detector = new DtmfDetector();
        var signal = DtmfGenerator.Create("123").Render();
        Span<char> digits = stackalloc char[4];
        for (var o = 0; o + 960 <= signal.Length; o += 960)
        {
            detector.Process(signal.AsSpan(o, 960), digits);
        }

        var allocated = SteadyStateAllocation.QuietestWindow(() =>
        {
            Span<char> found = stackalloc char[4];
            for (var r = 0; r < 5; r++)
            {
                for (var o = 0; o + 960 <= signal.Length; o += 960)
                {
                    detector.Process(signal.AsSpan(o, 960), found);
                }
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Create_InvalidKey_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => DtmfGenerator.Create("12X"));
        Assert.Contains("'X'", ex.Message, StringComparison.Ordinal);
    }
}

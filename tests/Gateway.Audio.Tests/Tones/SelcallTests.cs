using Gateway.Audio.Codecs;
using Gateway.Audio.Tests.Support;
using Gateway.Audio.Tones;

namespace Gateway.Audio.Tests.Tones;

public sealed class SelcallTests
{
    private static List<string> Decode(float[] signal, SelcallStandard standard, int rate)
    {
        var decoder = new SelcallDecoder(standard, rate);
        var frame = rate / 50;
        var found = new List<string>();
        for (var o = 0; o < signal.Length; o += frame)
        {
            if (decoder.Process(signal.AsSpan(o, Math.Min(frame, signal.Length - o))) is { } code)
            {
                found.Add(code);
            }
        }

        return found;
    }

    private static float[] Calls(SelcallStandard standard, int rate, params string[] codes)
    {
        var sequence = new ToneSequence([ToneSegment.Silence(TimeSpan.FromMilliseconds(200))]);
        foreach (var code in codes)
        {
            sequence = sequence.Then(SelcallGenerator.Create(code, standard)).Then(new ToneSequence([ToneSegment.Silence(TimeSpan.FromMilliseconds(400))]));
        }

        return sequence.Render(rate);
    }

    [Theory]
    [InlineData("22222", "2E2E2")]
    [InlineData("12334", "123E4")]
    [InlineData("1AA00", "1AE0E")]
    public void ApplyRepeatRule_RepeatedDigits_BecomeE(string code, string sent) => Assert.Equal(sent, SelcallTables.ApplyRepeatRule(code));

    [Theory]
    [InlineData(SelcallStandard.Zvei1, 48_000)]
    [InlineData(SelcallStandard.Zvei2, 48_000)]
    [InlineData(SelcallStandard.Ccir, 48_000)]
    [InlineData(SelcallStandard.Eea, 48_000)]
    [InlineData(SelcallStandard.Zvei1, 8_000)]
    [InlineData(SelcallStandard.Ccir, 8_000)]
    [InlineData(SelcallStandard.Eea, 8_000)]
    public void Decode_GeneratedCalls_ReturnsEveryCode(SelcallStandard standard, int rate)
    {
        string[] codes = ["12345", "22222", "10203", "90817", "4B0D1"];
        Assert.Equal(codes, Decode(Calls(standard, rate, codes), standard, rate));
    }

    [Theory]
    [InlineData(SelcallStandard.Zvei1, "opus")]
    [InlineData(SelcallStandard.Ccir, "opus")]
    [InlineData(SelcallStandard.Eea, "opus")]
    [InlineData(SelcallStandard.Zvei2, "pcmu")]
    [InlineData(SelcallStandard.Eea, "pcma")]
    [InlineData(SelcallStandard.Ccir, "noise")]
    public void Decode_AfterCodecAndNoise_ReturnsEveryCode(SelcallStandard standard, string channel)
    {
        string[] codes = ["12345", "55555", "70809"];
        var clean = Calls(standard, 48_000, codes);
        var signal = channel switch
        {
            "opus" => Channel.CodecRoundTrip(clean, CodecProfile.Opus(24_000)),
            "pcmu" => Channel.CodecRoundTrip(clean, CodecProfile.Pcmu),
            "pcma" => Channel.CodecRoundTrip(clean, CodecProfile.Pcma),
            _ => clean,
        };
        Assert.Equal(codes, Decode(Channel.AddNoise(signal, 20), standard, 48_000));
    }

    [Fact]
    public void Decode_WrongStandard_FindsNothing()
    {
        var signal = Calls(SelcallStandard.Zvei1, 48_000, "12345");
        Assert.Empty(Decode(signal, SelcallStandard.Ccir, 48_000));
    }
}

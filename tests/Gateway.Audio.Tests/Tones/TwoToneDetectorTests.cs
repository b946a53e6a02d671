using Gateway.Audio.Codecs;
using Gateway.Audio.Files;
using Gateway.Audio.Tests.Support;
using Gateway.Audio.Tones;
using Gateway.Tests.Shared;

namespace Gateway.Audio.Tests.Tones;

public sealed class TwoToneDetectorTests
{
    private static readonly TwoTonePage Engine7 = new("engine-7", QuickCallTables.Frequency(2, 1), QuickCallTables.Frequency(2, 6));
    private static readonly TwoTonePage Group3 = new("group-3", QuickCallTables.Frequency(3, 0), QuickCallTables.Frequency(3, 1));
    private static readonly TwoTonePage AllCall = new("all-call", QuickCallTables.Frequency(4, 3), QuickCallTables.Frequency(4, 3));
    private static readonly TwoTonePage[] Programmed = [Engine7, Group3, AllCall, new("reverse", Engine7.ToneB, Engine7.ToneA)];

    private static List<string> Detect(float[] signal, int rate)
    {
        var detector = new TwoToneDetector(Programmed, rate);
        var found = new List<string>();
        var frame = rate / 50;
        for (var o = 0; o < signal.Length; o += frame)
        {
            if (detector.Process(signal.AsSpan(o, Math.Min(frame, signal.Length - o))) is { } page)
            {
                found.Add(page.Name);
            }
        }

        return found;
    }

    private static float[] Pages(int rate, params TwoTonePage[] pages)
    {
        var sequence = new ToneSequence([ToneSegment.Silence(TimeSpan.FromMilliseconds(300))]);
        foreach (var p in pages)
        {
            sequence = sequence.Then(p.ToneA == p.ToneB
                ? TwoToneSequential.Create(p.ToneA, p.ToneB, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4))
                : TwoToneSequential.Create(p.ToneA, p.ToneB)).Then(new ToneSequence([ToneSegment.Silence(TimeSpan.FromSeconds(1))]));
        }

        return sequence.Render(rate);
    }

    [Theory]
    [InlineData(48_000)]
    [InlineData(8_000)]
    public void Process_ProgrammedPages_EachDetectedOnce(int rate) =>
        Assert.Equal(["engine-7", "group-3", "all-call", "reverse"], Detect(Pages(rate, Engine7, Group3, AllCall, Programmed[3]), rate));

    [Fact]
    public void Process_AfterOpusAndG711WithNoise_Detected()
    {
        // Group 3 codes 0 and 1 are 8 Hz apart: the hardest pair of the table.
        var clean = Pages(48_000, Group3);
        Assert.Equal(["group-3"], Detect(Channel.AddNoise(Channel.CodecRoundTrip(clean, CodecProfile.Opus(16_000)), 20), 48_000));
        Assert.Equal(["group-3"], Detect(Channel.AddNoise(Channel.CodecRoundTrip(clean, CodecProfile.Pcmu), 20), 48_000));
    }

    [Fact]
    public void Process_UnprogrammedPageOrSpeech_NotDetected()
    {
        var other = Pages(48_000, new TwoTonePage("other", QuickCallTables.Frequency(1, 2), QuickCallTables.Frequency(1, 7)));
        Assert.Empty(Detect(other, 48_000));
        Assert.Empty(Detect(WavFile.ReadMono48k(TestPaths.TestDataFile("dispatch-en-48k.wav")), 48_000));
    }
}

using Gateway.Audio.Tests.Support;
using Gateway.Audio.Tones;

namespace Gateway.Audio.Tests.Tones;

public sealed class ToneGeneratorTests
{
    [Fact]
    public void TwoToneSequential_QuickCallGroup2_SendsAThenBWithDurations()
    {
        var page = TwoToneSequential.Create(2, 1, 2, 6);
        Assert.Equal(TimeSpan.FromSeconds(4.4), page.Duration);
        var pcm = page.Render();
        Assert.InRange(Signal.PeakFrequency(pcm.AsSpan(4800, 38_400), 48_000, 300, 1200), 600.4, 601.4);
        Assert.InRange(Signal.PeakFrequency(pcm.AsSpan(96_000, 48_000), 48_000, 300, 1200), 788.0, 789.0);
        Assert.InRange(Level.RmsDbfs(pcm.AsSpan(48_000 * 4 + 2_400, 9_600)), -300, -100);
    }

    [Fact]
    public void QuickCallTables_DocumentedCodes_MatchGenave()
    {
        Assert.Equal(600.9, QuickCallTables.Frequency(2, 1));
        Assert.Equal(788.5, QuickCallTables.Frequency(2, 6));
        Assert.Equal(378.6, QuickCallTables.Frequency(4, 3));
        Assert.Equal(422.1, QuickCallTables.Frequency(4, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuickCallTables.Frequency(7, 0));
    }

    [Fact]
    public void AlertTone_RisingWarble_GlidesUpEachStep()
    {
        var sequence = AlertToneProfile.RisingWarble.ToSequence();
        Assert.Equal(TimeSpan.FromMilliseconds(2400), sequence.Duration);
        var pcm = sequence.Render();
        var early = Signal.PeakFrequency(pcm.AsSpan(19_200 + 480, 2_400), 48_000, 500, 1500);
        var late = Signal.PeakFrequency(pcm.AsSpan(19_200 + 16_800, 2_400), 48_000, 500, 1500);
        Assert.InRange(early, 600, 750);
        Assert.InRange(late, 1250, 1400);
    }

    [Fact]
    public void AlertTone_HiLo_Alternates()
    {
        var pcm = AlertToneProfile.HiLo.ToSequence().Render();
        Assert.InRange(Signal.PeakFrequency(pcm.AsSpan(2_400, 7_200), 48_000, 500, 1500), 1198, 1202);
        Assert.InRange(Signal.PeakFrequency(pcm.AsSpan(14_400, 7_200), 48_000, 500, 1500), 798, 802);
    }

    [Fact]
    public void AlertTone_CustomProfile_HonoursStepsAndRepeat()
    {
        var profile = new AlertToneProfile("custom", [new(900, TimeSpan.FromMilliseconds(100)), new(0, TimeSpan.FromMilliseconds(50))], 3, -12);
        var pcm = profile.ToSequence().Render();
        Assert.Equal(48 * 450, pcm.Length);
        Assert.InRange(Level.RmsDbfs(pcm.AsSpan(480, 3_840)), -12.3, -11.7);
        Assert.InRange(Level.RmsDbfs(pcm.AsSpan(4_900 + 100, 2_000)), -300, -100);
    }

    [Fact]
    public void Ctcss_100Hz_MixesPhaseContinuousToneAtLevel()
    {
        var generator = new CtcssGenerator(100.0, 48_000, -20);
        var pcm = new float[48_000];
        for (var o = 0; o < pcm.Length; o += 960)
        {
            generator.MixInto(pcm.AsSpan(o, 960));
        }

        Assert.InRange(Signal.PeakFrequency(pcm, 48_000, 60, 260), 99.8, 100.2);
        Assert.InRange(Signal.Db(Signal.ToneAmplitude(pcm, 100, 48_000) / Level.FromDbfs(-20)), -0.1, 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CtcssGenerator(101.0));
    }

    [Fact]
    public void Player_StreamedIn20msFrames_EqualsRender()
    {
        var sequence = DtmfGenerator.Create("42");
        var whole = sequence.Render();
        var player = sequence.CreatePlayer();
        var streamed = new List<float>();
        var frame = new float[960];
        int n;
        while ((n = player.Read(frame)) > 0)
        {
            streamed.AddRange(frame.AsSpan(0, n).ToArray());
        }

        Assert.True(player.Finished);
        Assert.Equal(whole.Length, streamed.Count);
        for (var i = 0; i < whole.Length; i++)
        {
            // The phase is wrapped at frame boundaries, so the last bits may differ.
            Assert.InRange(streamed[i] - whole[i], -1e-5f, 1e-5f);
        }
    }
}

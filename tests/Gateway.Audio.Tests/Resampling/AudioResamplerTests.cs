using Gateway.Audio.Resampling;
using Gateway.Audio.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Audio.Tests.Resampling;

public sealed class AudioResamplerTests
{
    public static TheoryData<int, int> RatePairs()
    {
        var data = new TheoryData<int, int>();
        int[] rates = [8_000, 16_000, 24_000, 48_000];
        foreach (var a in rates)
        {
            foreach (var b in rates)
            {
                if (a != b)
                {
                    data.Add(a, b);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Process_1kHzToneIn20msChunks_KeepsFrequencyAndLevelWithinHalfDb(int inputRate, int outputRate)
    {
        using var resampler = new AudioResampler(inputRate, outputRate);
        var input = Signal.Sine(1000, 0.5, inputRate, inputRate);
        var output = new float[outputRate + 64];
        var chunk = inputRate / 50;
        var written = 0;
        for (var offset = 0; offset < input.Length; offset += chunk)
        {
            written += resampler.Process(input.AsSpan(offset, chunk), output.AsSpan(written));
        }

        Assert.InRange(written, outputRate - 64, outputRate + 2);
        var steady = output.AsSpan(outputRate / 10, outputRate * 8 / 10);
        Assert.InRange(Signal.PeakFrequency(steady, outputRate, 900, 1100), 999.5, 1000.5);
        Assert.InRange(Signal.Db(Signal.ToneAmplitude(steady, 1000, outputRate) / 0.5), -0.5, 0.5);
    }

    [Fact]
    public void Process_48kTo8kFrames_Gives160SamplesPerFrame()
    {
        using var resampler = new AudioResampler(48_000, 8_000);
        var frame = Signal.Sine(500, 0.5, 960, 48_000);
        var output = new float[resampler.MaxOutputSamples(960)];
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(160, resampler.Process(frame, output));
        }
    }

    [Fact]
    public void Process_SteadyState_AllocatesNothing()
    {
        using var down = new AudioResampler(48_000, 8_000);
        using var up = new AudioResampler(8_000, 48_000);
        var frame = Signal.Sine(1000, 0.5, 960, 48_000);
        var narrow = new float[200];
        var wide = new float[1000];
        for (var i = 0; i < 20; i++)
        {
            up.Process(narrow.AsSpan(0, down.Process(frame, narrow)), wide);
        }

        var allocated = SteadyStateAllocation.QuietestWindow(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                up.Process(narrow.AsSpan(0, down.Process(frame, narrow)), wide);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Constructor_UnsupportedRate_ThrowsNamingParameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new AudioResampler(11_025, 48_000));
        Assert.Equal("inputRate", ex.ParamName);
    }

    [Fact]
    public void ToMono_Stereo_AveragesChannels()
    {
        float[] stereo = [1f, 0f, 0.5f, 0.5f, -1f, 1f];
        var mono = new float[3];
        Assert.Equal(3, ChannelMixer.ToMono(stereo, 2, mono));
        Assert.Equal([0.5f, 0.5f, 0f], mono);
    }
}

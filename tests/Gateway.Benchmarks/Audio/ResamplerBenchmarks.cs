using BenchmarkDotNet.Attributes;
using Gateway.Audio;
using Gateway.Audio.Resampling;

namespace Gateway.Benchmarks.Audio;

/// <summary>Streaming resampler per 20 ms frame (Speex, default quality 3).</summary>
[MemoryDiagnoser]
public class ResamplerBenchmarks
{
    private AudioResampler _down = null!;
    private AudioResampler _up = null!;
    private float[] _frame48 = null!;
    private readonly float[] _frame8 = new float[200];
    private readonly float[] _out48 = new float[1000];

    [GlobalSetup]
    public void Setup()
    {
        _down = new AudioResampler(48_000, 8_000);
        _up = new AudioResampler(8_000, 48_000);
        _frame48 = AudioSignals.SpeechLikeFrames(1)[0];
        _down.Process(_frame48, _frame8);
    }

    [Benchmark(Description = "Resample 48k→8k 20 ms")]
    public int Down() => _down.Process(_frame48, _frame8);

    [Benchmark(Description = "Resample 8k→48k 20 ms")]
    public int Up() => _up.Process(_frame8.AsSpan(0, 160), _out48);

    [GlobalCleanup]
    public void Cleanup()
    {
        _down.Dispose();
        _up.Dispose();
    }
}

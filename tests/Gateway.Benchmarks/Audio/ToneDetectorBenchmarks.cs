using BenchmarkDotNet.Attributes;
using Gateway.Audio;
using Gateway.Audio.Tones;

namespace Gateway.Benchmarks.Audio;

/// <summary>Detector cost per 20 ms frame (DTMF at 48 and 8 kHz, selcall ANI, VOX).</summary>
[MemoryDiagnoser]
public class ToneDetectorBenchmarks
{
    private readonly DtmfDetector _dtmf48 = new(48_000);
    private readonly DtmfDetector _dtmf8 = new(8_000);
    private readonly SelcallDecoder _selcall = new(SelcallStandard.Zvei1);
    private readonly VoiceActivityDetector _vox = new();
    private float[] _signal48 = null!;
    private float[] _signal8 = null!;
    private readonly char[] _digits = new char[8];
    private int _offset48;
    private int _offset8;

    [GlobalSetup]
    public void Setup()
    {
        _signal48 = DtmfGenerator.Create("0123456789").Render(48_000);
        _signal8 = DtmfGenerator.Create("0123456789").Render(8_000);
    }

    [Benchmark(Description = "DTMF detect 20 ms @48k")]
    public int Dtmf48() => _dtmf48.Process(Next(_signal48, ref _offset48, AudioFormat.FrameSamples), _digits);

    [Benchmark(Description = "DTMF detect 20 ms @8k")]
    public int Dtmf8() => _dtmf8.Process(Next(_signal8, ref _offset8, 160), _digits);

    [Benchmark(Description = "Selcall decode 20 ms @48k")]
    public bool Selcall() => _selcall.Process(Next(_signal48, ref _offset48, AudioFormat.FrameSamples)) is not null;

    [Benchmark(Description = "VOX 20 ms @48k")]
    public bool Vox() => _vox.Process(Next(_signal48, ref _offset48, AudioFormat.FrameSamples));

    private static ReadOnlySpan<float> Next(float[] signal, ref int offset, int frame)
    {
        if (offset + frame > signal.Length)
        {
            offset = 0;
        }

        var span = signal.AsSpan(offset, frame);
        offset += frame;
        return span;
    }
}

using BenchmarkDotNet.Attributes;
using Gateway.Audio;
using Gateway.Audio.Codecs;

namespace Gateway.Benchmarks.Core;

/// <summary>
/// One encode per profile on its own, so the router's own cost in <see cref="RouterBenchmarks"/> can be read as
/// (routed frame − the encodes it needs).
/// </summary>
[MemoryDiagnoser]
public class RouterCodecBaselineBenchmarks
{
    private readonly float[] _pcm = new float[AudioFormat.FrameSamples];
    private readonly byte[] _payload = new byte[AudioFormat.MaxPacketBytes * 2];
    private IAudioEncoder _opus = null!;
    private IAudioEncoder _pcmu = null!;
    private IAudioEncoder _l16 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var codecs = new CodecFactory();
        _opus = codecs.CreateEncoder(CodecProfile.Opus());
        _pcmu = codecs.CreateEncoder(CodecProfile.Pcmu);
        _l16 = codecs.CreateEncoder(CodecProfile.Pcm48k);
        for (var i = 0; i < _pcm.Length; i++)
        {
            _pcm[i] = 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / AudioFormat.SampleRate);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _opus.Dispose();
        _pcmu.Dispose();
        _l16.Dispose();
    }

    [Benchmark]
    public int EncodeOpus() => _opus.Encode(_pcm, _payload);

    [Benchmark]
    public int EncodePcmu() => _pcmu.Encode(_pcm, _payload);

    [Benchmark]
    public int EncodeL16() => _l16.Encode(_pcm, _payload);
}

using BenchmarkDotNet.Attributes;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Audio.Jitter;

namespace Gateway.Benchmarks.Audio;

/// <summary>One packet pushed and one 20 ms frame popped (steady state, in order): pass-through and with native Opus decode.</summary>
[MemoryDiagnoser]
public class JitterBufferBenchmarks
{
    private JitterBuffer _passThrough = null!;
    private JitterBuffer _decoding = null!;
    private byte[][] _packets = null!;
    private readonly float[] _pcm = new float[AudioFormat.FrameSamples];
    private readonly byte[] _payload = new byte[AudioFormat.MaxPacketBytes];
    private int _seqPass;
    private int _seqDecode;

    [GlobalSetup]
    public void Setup()
    {
        var factory = new CodecFactory();
        using var encoder = factory.CreateEncoder(CodecProfile.Opus(32_000));
        _packets = AudioSignals.Encode(encoder, AudioSignals.SpeechLikeFrames(50));
        _passThrough = new JitterBuffer(CodecProfile.Opus(32_000), null);
        _decoding = new JitterBuffer(CodecProfile.Opus(32_000), factory.CreateDecoder(CodecProfile.Opus(32_000)));
        for (var i = 0; i < 10; i++)
        {
            PushPopPassThrough();
            PushPopDecode();
        }
    }

    [Benchmark(Description = "Jitter push+pop, pass-through")]
    public int PushPopPassThrough()
    {
        var seq = _seqPass++;
        var now = TimeSpan.FromMilliseconds(seq * 20.0);
        _passThrough.Push((ushort)seq, (uint)(seq * 960), _packets[seq % _packets.Length], now);
        return _passThrough.Pop([], _payload, now + TimeSpan.FromMilliseconds(5)).PayloadLength;
    }

    [Benchmark(Description = "Jitter push+pop, Opus decode (native)")]
    public int PushPopDecode()
    {
        var seq = _seqDecode++;
        var now = TimeSpan.FromMilliseconds(seq * 20.0);
        _decoding.Push((ushort)seq, (uint)(seq * 960), _packets[seq % _packets.Length], now);
        return (int)_decoding.Pop(_pcm, default, now + TimeSpan.FromMilliseconds(5)).Kind;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _passThrough.Dispose();
        _decoding.Dispose();
    }
}

using BenchmarkDotNet.Attributes;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Audio.Codecs.G711;

namespace Gateway.Benchmarks.Audio;

/// <summary>G.711 per 20 ms frame: the codec adapters (with 48↔8 kHz resampling) and the bare table lookups.</summary>
[MemoryDiagnoser]
public class G711Benchmarks
{
    private IAudioEncoder _encoder = null!;
    private IAudioDecoder _decoder = null!;
    private float[] _frame = null!;
    private readonly byte[] _payload = new byte[160];
    private readonly float[] _pcm = new float[AudioFormat.FrameSamples];
    private readonly short[] _narrow = new short[160];

    [GlobalSetup]
    public void Setup()
    {
        var factory = new CodecFactory();
        _encoder = factory.CreateEncoder(CodecProfile.Pcmu);
        _decoder = factory.CreateDecoder(CodecProfile.Pcmu);
        _frame = AudioSignals.SpeechLikeFrames(1)[0];
        _encoder.Encode(_frame, _payload);
        for (var i = 0; i < _narrow.Length; i++)
        {
            _narrow[i] = (short)(_frame[i * 6] * 32767);
        }
    }

    [Benchmark(Description = "PCMU encode 20 ms (48k float in)")]
    public int Encode() => _encoder.Encode(_frame, _payload);

    [Benchmark(Description = "PCMU decode 20 ms (48k float out)")]
    public int Decode() => _decoder.Decode(_payload, _pcm);

    [Benchmark(Description = "µ-law table encode 160 samples")]
    public void TableEncode() => G711.EncodeMuLaw(_narrow, _payload);

    [Benchmark(Description = "µ-law table decode 160 samples")]
    public void TableDecode() => G711.DecodeMuLaw(_payload, _narrow);

    [GlobalCleanup]
    public void Cleanup()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }
}

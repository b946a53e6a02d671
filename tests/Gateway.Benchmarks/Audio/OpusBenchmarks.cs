using BenchmarkDotNet.Attributes;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Audio.Codecs.Opus;

namespace Gateway.Benchmarks.Audio;

/// <summary>Opus encode cost per 20 ms frame (48 kHz mono VOIP speech-like signal), native libopus vs managed Concentus.</summary>
[MemoryDiagnoser]
public class OpusEncodeBenchmarks
{
    private IAudioEncoder _encoder = null!;
    private readonly byte[] _payload = new byte[AudioFormat.MaxPacketBytes];
    private float[][] _frames = null!;
    private int _next;

    [Params(OpusImplementation.Native, OpusImplementation.Managed)]
    public OpusImplementation Implementation { get; set; }

    [Params(5, 10)]
    public int Complexity { get; set; }

    [Params(16_000, 32_000)]
    public int Bitrate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var factory = new CodecFactory(new CodecFactoryOptions { PreferNativeOpus = Implementation == OpusImplementation.Native });
        if (factory.OpusImplementation != Implementation)
        {
            throw new InvalidOperationException($"Wanted {Implementation} Opus, got {factory.OpusImplementation}.");
        }

        _encoder = factory.CreateOpusEncoder(new OpusEncoderSettings { Bitrate = Bitrate, Complexity = Complexity, InbandFec = true });
        _frames = AudioSignals.SpeechLikeFrames(50);
    }

    [Benchmark(Description = "Opus encode 20 ms")]
    public int Encode() => _encoder.Encode(_frames[_next++ % _frames.Length], _payload);

    [GlobalCleanup]
    public void Cleanup() => _encoder.Dispose();
}

/// <summary>Opus decode cost per 20 ms frame.</summary>
[MemoryDiagnoser]
public class OpusDecodeBenchmarks
{
    private IAudioDecoder _decoder = null!;
    private byte[][] _packets = null!;
    private readonly float[] _pcm = new float[AudioFormat.FrameSamples];
    private int _next;

    [Params(OpusImplementation.Native, OpusImplementation.Managed)]
    public OpusImplementation Implementation { get; set; }

    [Params(16_000, 32_000)]
    public int Bitrate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var factory = new CodecFactory(new CodecFactoryOptions { PreferNativeOpus = Implementation == OpusImplementation.Native });
        using var encoder = factory.CreateOpusEncoder(new OpusEncoderSettings { Bitrate = Bitrate, Complexity = 5 });
        _packets = AudioSignals.Encode(encoder, AudioSignals.SpeechLikeFrames(50));
        _decoder = factory.CreateDecoder(CodecProfile.Opus(Bitrate));
    }

    [Benchmark(Description = "Opus decode 20 ms")]
    public int Decode() => _decoder.Decode(_packets[_next++ % _packets.Length], _pcm);

    [GlobalCleanup]
    public void Cleanup() => _decoder.Dispose();
}

using Gateway.Audio.Codecs;

namespace Gateway.Audio.Tests.Support;

/// <summary>Degrades test signals the way a voice path does: codec round trips and additive noise.</summary>
internal static class Channel
{
    public static float[] CodecRoundTrip(float[] signal48k, CodecProfile profile, ICodecFactory? factory = null)
    {
        factory ??= new CodecFactory();
        using var encoder = factory.CreateEncoder(profile);
        using var decoder = factory.CreateDecoder(profile);
        var frames = (signal48k.Length + 959) / 960;
        var padded = new float[frames * 960];
        signal48k.CopyTo(padded, 0);
        var output = new float[frames * 960];
        var payload = new byte[4000];
        for (var f = 0; f < frames; f++)
        {
            var n = encoder.Encode(padded.AsSpan(f * 960, 960), payload);
            decoder.Decode(payload.AsSpan(0, n), output.AsSpan(f * 960, 960));
        }

        return output;
    }

    /// <summary>Adds white noise <paramref name="snrDb"/> below the signal's RMS (over its non-silent part).</summary>
    public static float[] AddNoise(float[] signal, double snrDb, int seed = 1)
    {
        var active = signal.Where(s => Math.Abs(s) > 1e-4).ToArray();
        var noise = Signal.WhiteNoise(signal.Length, Signal.Rms(active) / Math.Pow(10, snrDb / 20), seed);
        return signal.Zip(noise, (s, n) => s + n).ToArray();
    }

    public static float[] Downsample8k(float[] signal48k)
    {
        using var resampler = new Gateway.Audio.Resampling.AudioResampler(48_000, 8_000);
        var output = new float[resampler.MaxOutputSamples(signal48k.Length)];
        var n = resampler.Process(signal48k, output);
        return output[..n];
    }
}

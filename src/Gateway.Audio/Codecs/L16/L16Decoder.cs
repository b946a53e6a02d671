using System.Buffers.Binary;
using Gateway.Audio.Resampling;

namespace Gateway.Audio.Codecs.L16;

/// <summary>16-bit little-endian PCM at the profile's rate → 48 kHz float. Lost packets become silence.</summary>
internal sealed class L16Decoder : IAudioDecoder
{
    private readonly AudioResampler? _resampler;
    private readonly float[] _scratch;

    public L16Decoder(CodecProfile profile, int resamplerQuality)
    {
        Profile = profile;
        if (profile.SampleRate != AudioFormat.SampleRate)
        {
            _resampler = new AudioResampler(profile.SampleRate, AudioFormat.SampleRate, resamplerQuality);
        }

        _scratch = new float[AudioFormat.SampleRate / 5];
    }

    public CodecProfile Profile { get; }

    public int Decode(ReadOnlySpan<byte> payload, Span<float> output48k)
    {
        var samples = payload.Length / 2;
        if (_resampler is null)
        {
            if (output48k.Length < samples)
            {
                throw new ArgumentException("The output buffer is too small for the L16 payload.", nameof(output48k));
            }

            for (var i = 0; i < samples; i++)
            {
                output48k[i] = BinaryPrimitives.ReadInt16LittleEndian(payload[(2 * i)..]) / 32768f;
            }

            return samples;
        }

        if (samples > _scratch.Length)
        {
            throw new ArgumentException($"L16 payload of {payload.Length} bytes exceeds 200 ms.", nameof(payload));
        }

        for (var i = 0; i < samples; i++)
        {
            _scratch[i] = BinaryPrimitives.ReadInt16LittleEndian(payload[(2 * i)..]) / 32768f;
        }

        return _resampler.Process(_scratch.AsSpan(0, samples), output48k);
    }

    public int DecodeLost(ReadOnlySpan<byte> nextPayload, Span<float> output48k, int samples)
    {
        output48k[..samples].Clear();
        return samples;
    }

    public void Reset() => _resampler?.Reset();

    public void Dispose() => _resampler?.Dispose();
}

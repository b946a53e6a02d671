using System.Buffers.Binary;
using Gateway.Audio.Resampling;

namespace Gateway.Audio.Codecs.L16;

/// <summary>48 kHz float → 16-bit little-endian PCM at the profile's rate (48 kHz by default: no resampling).</summary>
internal sealed class L16Encoder : IAudioEncoder
{
    private readonly AudioResampler? _resampler;
    private readonly float[] _scratch;

    public L16Encoder(CodecProfile profile, int resamplerQuality)
    {
        Profile = profile;
        if (profile.SampleRate != AudioFormat.SampleRate)
        {
            _resampler = new AudioResampler(AudioFormat.SampleRate, profile.SampleRate, resamplerQuality);
        }

        _scratch = new float[AudioFormat.SampleRate / 5 + 2];
    }

    public CodecProfile Profile { get; }

    public int Encode(ReadOnlySpan<float> frame48k, Span<byte> payload)
    {
        ReadOnlySpan<float> source = frame48k;
        if (_resampler is not null)
        {
            var n = _resampler.Process(frame48k, _scratch);
            source = _scratch.AsSpan(0, n);
        }

        if (payload.Length < source.Length * 2)
        {
            throw new ArgumentException("The payload buffer is too small for the L16 frame.", nameof(payload));
        }

        for (var i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(payload[(2 * i)..], PcmConversion.ToInt16(source[i]));
        }

        return source.Length * 2;
    }

    public void Dispose() => _resampler?.Dispose();
}

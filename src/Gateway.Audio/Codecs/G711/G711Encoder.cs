using Gateway.Audio.Resampling;

namespace Gateway.Audio.Codecs.G711;

/// <summary>48 kHz float frames → 8 kHz G.711 bytes (one byte per sample; 20 ms = 160 bytes).</summary>
internal sealed class G711Encoder : IAudioEncoder
{
    private readonly AudioResampler _resampler;
    private readonly byte[] _table;
    private readonly float[] _narrow;

    public G711Encoder(CodecProfile profile, int resamplerQuality)
    {
        Profile = profile;
        _table = G711.EncodeTable(profile.Codec == CodecKind.Pcmu);
        _resampler = new AudioResampler(AudioFormat.SampleRate, 8_000, resamplerQuality);
        _narrow = new float[_resampler.MaxOutputSamples(AudioFormat.SampleRate / 5)];
    }

    public CodecProfile Profile { get; }

    public int Encode(ReadOnlySpan<float> frame48k, Span<byte> payload)
    {
        var count = _resampler.Process(frame48k, _narrow);
        if (payload.Length < count)
        {
            throw new ArgumentException("The payload buffer is too small for the G.711 frame.", nameof(payload));
        }

        var table = _table;
        for (var i = 0; i < count; i++)
        {
            payload[i] = table[(ushort)PcmConversion.ToInt16(_narrow[i])];
        }

        return count;
    }

    public void Dispose() => _resampler.Dispose();
}

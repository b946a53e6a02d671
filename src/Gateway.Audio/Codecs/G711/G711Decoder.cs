using Gateway.Audio.Resampling;

namespace Gateway.Audio.Codecs.G711;

/// <summary>8 kHz G.711 bytes → 48 kHz float, with a simple fading repeat as packet-loss concealment.</summary>
internal sealed class G711Decoder : IAudioDecoder
{
    /// <summary>Payloads of up to 200 ms are accepted (RFC 3551 receivers should).</summary>
    private const int MaxPayloadSamples = 1_600;

    private readonly AudioResampler _resampler;
    private readonly float[] _toFloat;
    private readonly float[] _narrow = new float[MaxPayloadSamples];
    private readonly float[] _lastNarrow = new float[MaxPayloadSamples];
    private int _lastNarrowLength;
    private int _consecutiveLost;

    public G711Decoder(CodecProfile profile, int resamplerQuality)
    {
        Profile = profile;
        _toFloat = profile.Codec == CodecKind.Pcmu ? G711.MuLawToFloat : G711.ALawToFloat;
        _resampler = new AudioResampler(8_000, AudioFormat.SampleRate, resamplerQuality);
    }

    public CodecProfile Profile { get; }

    public int Decode(ReadOnlySpan<byte> payload, Span<float> output48k)
    {
        if (payload.Length > MaxPayloadSamples)
        {
            throw new ArgumentException($"G.711 payload of {payload.Length} bytes exceeds 200 ms.", nameof(payload));
        }

        var table = _toFloat;
        for (var i = 0; i < payload.Length; i++)
        {
            _narrow[i] = table[payload[i]];
        }

        _narrow.AsSpan(0, payload.Length).CopyTo(_lastNarrow);
        _lastNarrowLength = payload.Length;
        _consecutiveLost = 0;
        return _resampler.Process(_narrow.AsSpan(0, payload.Length), output48k);
    }

    /// <summary>
    /// G.711 has no FEC. Concealment repeats the last decoded narrow-band packet at half level per further loss
    /// (silence after the third): cheaper than G.711 Appendix I and far less audible than a hole.
    /// </summary>
    public int DecodeLost(ReadOnlySpan<byte> nextPayload, Span<float> output48k, int samples)
    {
        var narrowCount = Math.Min(samples / 6, MaxPayloadSamples);
        var gain = _consecutiveLost >= 3 || _lastNarrowLength == 0 ? 0f : 0.5f / (1 << _consecutiveLost);
        _consecutiveLost++;
        for (var i = 0; i < narrowCount; i++)
        {
            _narrow[i] = _lastNarrowLength == 0 ? 0f : _lastNarrow[i % _lastNarrowLength] * gain;
        }

        var written = _resampler.Process(_narrow.AsSpan(0, narrowCount), output48k);
        return written;
    }

    public void Reset()
    {
        _resampler.Reset();
        _lastNarrowLength = 0;
        _consecutiveLost = 0;
    }

    public void Dispose() => _resampler.Dispose();
}

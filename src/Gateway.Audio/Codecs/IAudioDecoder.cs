namespace Gateway.Audio.Codecs;

/// <summary>
/// Decodes payloads to 48 kHz mono float. Stateful: one instance per incoming stream.
/// Allocation-free in steady state.
/// </summary>
public interface IAudioDecoder : IDisposable
{
    CodecProfile Profile { get; }

    /// <summary>Decodes one payload; returns the number of 48 kHz samples written (960 for 20 ms, 480/1920/2880 for 10/40/60 ms Opus).</summary>
    int Decode(ReadOnlySpan<byte> payload, Span<float> output48k);

    /// <summary>
    /// Produces audio for a lost packet of <paramref name="samples"/> 48 kHz samples: packet-loss concealment,
    /// or in-band FEC recovery from <paramref name="nextPayload"/> when the codec supports it and it is not empty.
    /// Returns samples written.
    /// </summary>
    int DecodeLost(ReadOnlySpan<byte> nextPayload, Span<float> output48k, int samples);

    /// <summary>Forgets stream state (a new talk spurt / SSRC).</summary>
    void Reset();
}

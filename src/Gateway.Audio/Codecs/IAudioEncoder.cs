namespace Gateway.Audio.Codecs;

/// <summary>
/// Encodes internal frames (48 kHz mono float, <see cref="AudioFormat.FrameSamples"/> samples) into one payload.
/// Stateful (Opus carries prediction state): one instance per stream, never shared between threads.
/// Allocation-free in steady state.
/// </summary>
public interface IAudioEncoder : IDisposable
{
    CodecProfile Profile { get; }

    /// <summary>Encodes one 20 ms frame; returns the payload length written to <paramref name="payload"/>.</summary>
    int Encode(ReadOnlySpan<float> frame48k, Span<byte> payload);

    /// <summary>
    /// Says that the frames about to be encoded came from a source sampled at <paramref name="sampleRate"/> Hz, so they
    /// carry nothing above half of it. An encoder may then code only that band: Opus coding G.711 audio as narrowband
    /// costs half the CPU of full band (about 50 vs 106 µs per frame with libopus here) for the same sound.
    /// Cheap to call on every frame; a change of rate may restart the encoder's prediction (call it at the start of a
    /// transmission, not within one). Encoders without a use for it ignore it.
    /// </summary>
    void SetSourceSampleRate(int sampleRate)
    {
    }
}

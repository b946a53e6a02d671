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
}

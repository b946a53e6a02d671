using Concentus;

namespace Gateway.Audio.Codecs.Opus;

/// <summary>IAudioDecoder over a Concentus decoder (native libopus or managed) at 48 kHz mono.</summary>
internal sealed class OpusDecoderAdapter : IAudioDecoder
{
    private readonly IOpusDecoder _decoder;

    public OpusDecoderAdapter(IOpusDecoder decoder, CodecProfile profile)
    {
        _decoder = decoder;
        Profile = profile;
    }

    public CodecProfile Profile { get; }

    public string Version => _decoder.GetVersionString();

    /// <summary>Decodes 2.5..120 ms packets; <paramref name="output48k"/> must hold the packet's duration.</summary>
    /// <exception cref="InvalidDataException">The payload is not a valid Opus packet.</exception>
    public int Decode(ReadOnlySpan<byte> payload, Span<float> output48k)
    {
        var samples = OpusPacket.GetSampleCount(payload);
        if (samples < 0)
        {
            throw new InvalidDataException($"Malformed Opus packet of {payload.Length} bytes (TOC).");
        }

        if (output48k.Length < samples)
        {
            throw new ArgumentException($"The output buffer holds {output48k.Length} samples; the packet has {samples}.", nameof(output48k));
        }

        int decoded;
        try
        {
            decoded = _decoder.Decode(payload, output48k, samples, false);
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            // Concentus reports corrupt packets with its own OpusException (native: an error code).
            throw new InvalidDataException($"Malformed Opus packet of {payload.Length} bytes: {ex.Message}", ex);
        }

        // The native path can hand libopus's negative error code back instead of throwing.
        return decoded >= 0
            ? decoded
            : throw new InvalidDataException($"Malformed Opus packet of {payload.Length} bytes: libopus error {decoded}.");
    }

    /// <summary>FEC from the next packet when it carries LBRR data (libopus falls back to PLC itself), otherwise PLC.</summary>
    public int DecodeLost(ReadOnlySpan<byte> nextPayload, Span<float> output48k, int samples)
    {
        // Opus conceals in multiples of 2.5 ms.
        samples = Math.Min(samples - (samples % 120), output48k.Length - (output48k.Length % 120));
        if (samples <= 0)
        {
            return 0;
        }

        int decoded;
        try
        {
            decoded = !nextPayload.IsEmpty && OpusPacket.GetSampleCount(nextPayload) > 0
                ? _decoder.Decode(nextPayload, output48k, samples, true)
                : -1;
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            decoded = -1; // a corrupt "next" packet: conceal without it
        }

        if (decoded < 0)
        {
            decoded = _decoder.Decode(ReadOnlySpan<byte>.Empty, output48k, samples, false);
        }

        if (decoded < 0)
        {
            // Concealment itself failed (native error code): silence of the asked length keeps the stream's timing.
            output48k[..samples].Clear();
            decoded = samples;
        }

        return decoded;
    }

    public void Reset() => _decoder.ResetState();

    public void Dispose() => _decoder.Dispose();
}

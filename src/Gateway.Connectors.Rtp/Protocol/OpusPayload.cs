namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>Opus over RTP (RFC 7587): one Opus packet per RTP payload, timestamps always at 48 kHz.</summary>
public static class OpusPayload
{
    public const int ClockRate = 48_000;

    /// <summary>RFC 6716 §3.2.1: a packet covers at most 120 ms.</summary>
    public const int MaxSamples = 5760;

    /// <summary>
    /// Samples (48 kHz) covered by an Opus packet, from its TOC byte (RFC 6716 §3.1); −1 when the packet cannot be valid.
    /// An empty payload is not valid RTP Opus (DTX sends 1–2 byte packets, never empty ones).
    /// </summary>
    public static int GetSamples(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return -1;
        }

        var toc = payload[0];
        var config = toc >> 3;
        int frameSamples = config switch
        {
            < 12 => (config & 3) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 },
            < 16 => (config & 1) == 0 ? 480 : 960,
            _ => (config & 3) switch { 0 => 120, 1 => 240, 2 => 480, _ => 960 },
        };

        int frames;
        switch (toc & 3)
        {
            case 0:
                frames = 1;
                break;
            case 1:
            case 2:
                frames = 2;
                break;
            default:
                if (payload.Length < 2)
                {
                    return -1;
                }

                frames = payload[1] & 0x3F;
                break;
        }

        var samples = frames * frameSamples;
        return frames == 0 || samples > MaxSamples ? -1 : samples;
    }
}

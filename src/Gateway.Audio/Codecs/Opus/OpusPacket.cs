namespace Gateway.Audio.Codecs.Opus;

/// <summary>Reads what the TOC byte of an Opus packet says about its length (RFC 6716 §3.1), without decoding.</summary>
public static class OpusPacket
{
    /// <summary>The longest packet duration Opus allows: 120 ms at 48 kHz.</summary>
    public const int MaxSamples = 5_760;

    /// <summary>Samples per frame at 48 kHz for a TOC byte.</summary>
    public static int GetSamplesPerFrame(byte toc)
    {
        var config = toc >> 3;
        if (config < 12)
        {
            // SILK-only: 10, 20, 40, 60 ms.
            return (config & 3) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 };
        }

        if (config < 16)
        {
            // Hybrid: 10, 20 ms.
            return (config & 1) == 0 ? 480 : 960;
        }

        // CELT-only: 2.5, 5, 10, 20 ms.
        return 120 << (config & 3);
    }

    /// <summary>The audio bandwidth a TOC byte declares, as the highest frequency coded in Hz (4,000 narrowband ... 20,000 full band).</summary>
    public static int GetBandwidthHz(byte toc)
    {
        var config = toc >> 3;
        return config switch
        {
            < 4 => 4_000, // SILK NB
            < 8 => 6_000, // SILK MB
            < 12 => 8_000, // SILK WB
            < 14 => 12_000, // hybrid SWB
            < 16 => 20_000, // hybrid FB
            < 20 => 4_000, // CELT NB
            < 24 => 8_000, // CELT WB
            < 28 => 12_000, // CELT SWB
            _ => 20_000, // CELT FB
        };
    }

    /// <summary>Number of frames in the packet, or -1 when the packet is malformed.</summary>
    public static int GetFrameCount(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return -1;
        }

        switch (packet[0] & 3)
        {
            case 0:
                return 1;
            case 1:
            case 2:
                return 2;
            default:
                return packet.Length < 2 ? -1 : packet[1] & 0x3F;
        }
    }

    /// <summary>Duration of the packet in 48 kHz samples, or -1 when it is malformed.</summary>
    public static int GetSampleCount(ReadOnlySpan<byte> packet)
    {
        var frames = GetFrameCount(packet);
        if (frames <= 0)
        {
            return -1;
        }

        var samples = frames * GetSamplesPerFrame(packet[0]);
        return samples > MaxSamples ? -1 : samples;
    }
}

namespace Gateway.Audio.Codecs.Opus;

/// <summary>
/// Opus encoder tuning. Always explicit: Concentus otherwise defaults to complexity 9 and 72 kbit/s.
/// </summary>
public sealed record OpusEncoderSettings
{
    /// <summary>Target bitrate in bit/s (6000..510000).</summary>
    public int Bitrate { get; init; } = 32_000;

    /// <summary>0..10; 5 halves the CPU of 10 with little audible loss for speech.</summary>
    public int Complexity { get; init; } = 5;

    /// <summary>In-band forward error correction (LBRR): lets a receiver rebuild a lost packet from the next one.</summary>
    public bool InbandFec { get; init; } = true;

    /// <summary>Expected loss in percent; the encoder spends FEC bits accordingly (only useful with <see cref="InbandFec"/>).</summary>
    public int PacketLossPercent { get; init; } = 10;

    /// <summary>Discontinuous transmission: silence becomes 1–2 byte packets (callers may skip sending them).</summary>
    public bool Dtx { get; init; }

    /// <summary>Variable bitrate (constrained). Off gives CBR, as the Mumble client sends.</summary>
    public bool Vbr { get; init; } = true;

    internal void Validate()
    {
        if (Bitrate is < 6_000 or > 510_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Bitrate), Bitrate, "Opus bitrate must be 6000..510000 bit/s.");
        }

        if (Complexity is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Complexity), Complexity, "Opus complexity must be 0..10.");
        }

        if (PacketLossPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(PacketLossPercent), PacketLossPercent, "Packet loss must be 0..100 %.");
        }
    }
}

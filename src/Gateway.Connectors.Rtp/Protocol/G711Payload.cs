namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>G.711 over RTP (RFC 3551): PT 0 PCMU / 8 PCMA, 8 kHz clock, one byte per sample.</summary>
public static class G711Payload
{
    public const int ClockRate = 8_000;

    public const byte PcmuPayloadType = 0;

    public const byte PcmaPayloadType = 8;

    /// <summary>RFC 3551 asks receivers to accept packets of up to 200 ms.</summary>
    public const int MaxBytes = 1600;

    /// <summary>48 kHz samples covered by a payload, or −1 when empty or longer than 200 ms.</summary>
    public static int GetSamples48k(ReadOnlySpan<byte> payload) =>
        payload.IsEmpty || payload.Length > MaxBytes ? -1 : payload.Length * (48_000 / ClockRate);
}

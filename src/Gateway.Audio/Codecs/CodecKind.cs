namespace Gateway.Audio.Codecs;

/// <summary>The codecs an endpoint can speak.</summary>
public enum CodecKind
{
    /// <summary>Linear 16-bit little-endian PCM (gRPC, files).</summary>
    L16 = 0,

    /// <summary>G.711 µ-law, 8 kHz.</summary>
    Pcmu = 1,

    /// <summary>G.711 A-law, 8 kHz.</summary>
    Pcma = 2,

    /// <summary>Opus, 48 kHz clock.</summary>
    Opus = 3,
}

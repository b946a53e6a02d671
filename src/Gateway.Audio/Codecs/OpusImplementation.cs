namespace Gateway.Audio.Codecs;

/// <summary>Which Opus implementation a <see cref="CodecFactory"/> uses.</summary>
public enum OpusImplementation
{
    /// <summary>Concentus's managed port: portable, but ~2× the CPU and tens of KB allocated per frame.</summary>
    Managed = 0,

    /// <summary>The system libopus through Concentus's native adapter: zero allocation per frame.</summary>
    Native = 1,
}

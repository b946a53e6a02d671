namespace Gateway.Audio.Jitter;

/// <summary>What a <see cref="JitterBuffer"/> produced for one 20 ms tick.</summary>
public enum JitterFrameKind
{
    /// <summary>No talk spurt is playing (idle, or buffering the start of one): the frame is silence.</summary>
    Silence = 0,

    /// <summary>Received audio (possibly with short timestamp gaps filled).</summary>
    Audio = 1,

    /// <summary>Concealment of missing packets (Opus PLC/FEC, G.711 repeat), or silence after too many.</summary>
    Concealed = 2,
}

namespace Gateway.Core.Media;

/// <summary>Markers that travel with a frame through the router.</summary>
[Flags]
public enum FrameFlags
{
    None = 0,

    /// <summary>First frame of a transmission (RTP marker bit, radio key-up).</summary>
    StartOfTransmission = 1,

    /// <summary>Last frame of a transmission; may carry no audio. PTT drops after it has drained (plus tail).</summary>
    EndOfTransmission = 2,

    /// <summary>The frame was synthesised by concealment because the source lost a packet.</summary>
    Concealed = 4,

    /// <summary>The frame carries silence (DTX or a gap).</summary>
    Silence = 8,
}

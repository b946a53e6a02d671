namespace Gateway.Audio.Jitter;

/// <summary>What happened to a pushed packet.</summary>
public enum JitterPushResult
{
    /// <summary>Buffered for play-out.</summary>
    Accepted = 0,

    /// <summary>Buffered as the first packet of a new talk spurt (marker after idle, SSRC change, sequence or timestamp jump).</summary>
    NewSpurt = 1,

    /// <summary>Already received; dropped.</summary>
    Duplicate = 2,

    /// <summary>Arrived after its play-out time; dropped.</summary>
    Late = 3,

    /// <summary>Not a valid payload for the codec (e.g. a bad Opus TOC); dropped.</summary>
    Malformed = 4,
}

namespace Gateway.Audio.Jitter;

/// <summary>Tuning of a <see cref="JitterBuffer"/>.</summary>
public sealed class JitterBufferOptions
{
    /// <summary>Lower bound of the adaptive play-out delay.</summary>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Upper bound of the adaptive play-out delay; waiting longer than this for a packet ends the talk spurt.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Headroom added to the measured jitter peak when choosing the target delay.</summary>
    public TimeSpan JitterMargin { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>RTP clock rate of the timestamps; 0 takes the codec's (48000 for Opus, 8000 for G.711).</summary>
    public int ClockRate { get; set; }

    /// <summary>Concealment (PLC) frames in a row before the output fades to silence.</summary>
    public int MaxConcealedFrames { get; set; } = 5;

    /// <summary>A timestamp step this much larger than the sequence step explains starts a new talk spurt.</summary>
    public TimeSpan MaxTimestampJump { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        if (MinDelay < TimeSpan.Zero || MaxDelay < MinDelay || MaxDelay > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"JitterBufferOptions: need 0 <= MinDelay ({MinDelay.TotalMilliseconds} ms) <= MaxDelay ({MaxDelay.TotalMilliseconds} ms) <= 1000 ms.");
        }

        if (ClockRate < 0 || (ClockRate > 0 && AudioFormat.SampleRate % ClockRate != 0))
        {
            throw new ArgumentException($"JitterBufferOptions.ClockRate {ClockRate} must divide 48000 (8000, 16000, 24000, 48000...).");
        }

        if (MaxConcealedFrames < 0)
        {
            throw new ArgumentException("JitterBufferOptions.MaxConcealedFrames must not be negative.");
        }
    }
}

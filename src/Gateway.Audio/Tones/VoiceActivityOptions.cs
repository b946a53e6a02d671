namespace Gateway.Audio.Tones;

/// <summary>VOX settings: open when the level stays above the threshold for the attack time, close after the hang time below it.</summary>
public sealed record VoiceActivityOptions
{
    /// <summary>Frame level (RMS, dB relative to a full-scale sine) that counts as voice.</summary>
    public double ThresholdDbfs { get; init; } = -40;

    public TimeSpan Attack { get; init; } = TimeSpan.FromMilliseconds(40);

    public TimeSpan Hang { get; init; } = TimeSpan.FromMilliseconds(500);
}

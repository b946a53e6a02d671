namespace Gateway.Audio.Tones;

/// <summary>DTMF transmit timing and level. Defaults suit radio links (SvxLink: 100 ms on / 50 ms off).</summary>
public sealed record DtmfGeneratorOptions
{
    public TimeSpan ToneDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan Gap { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Peak level of the low-group tone.</summary>
    public double LevelDbfs { get; init; } = -10;

    /// <summary>High group relative to low group (standard transmit practice: +2 dB to offset line loss).</summary>
    public double TwistDb { get; init; } = 2;
}

namespace Gateway.Audio.Tones;

/// <summary>
/// DTMF receiver criteria (radio-side.md §5: tone ≥ 40 ms, normal twist ≤ 8 dB, reverse twist ≤ 4 dB,
/// the spandsp/Asterisk style relative-peak and energy checks that keep speech from "talking off" digits).
/// </summary>
public sealed record DtmfDetectorOptions
{
    /// <summary>Shortest tone reported.</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Weakest tone (each of the pair) accepted, peak dBFS.</summary>
    public double MinLevelDbfs { get; init; } = -36;

    /// <summary>Low group may exceed the high group by this much.</summary>
    public double NormalTwistDb { get; init; } = 8;

    /// <summary>High group may exceed the low group by this much.</summary>
    public double ReverseTwistDb { get; init; } = 4;

    /// <summary>The chosen row/column tone must beat the others of its group by this much.</summary>
    public double RelativePeakDb { get; init; } = 8;

    /// <summary>Share of the block's energy the two tones must carry (speech spreads its energy; DTMF does not).</summary>
    public double MinEnergyShare { get; init; } = 0.75;

    /// <summary>A second harmonic of the high tone this close to it (voiced speech has harmonics; DTMF does not) rejects the block.</summary>
    public double MaxHarmonicDb { get; init; } = -12;
}

namespace Gateway.Audio.Tones;

/// <summary>
/// A configurable console alert (steps repeated <see cref="Repeat"/> times). Alert cadences are vendor- and
/// agency-defined (no public primary source), so the built-ins are sensible defaults meant to be overridden.
/// </summary>
public sealed record AlertToneProfile(string Name, IReadOnlyList<AlertToneStep> Steps, int Repeat = 1, double LevelDbfs = -8)
{
    /// <summary>Alert 1 style: a steady tone (urgent broadcast).</summary>
    public static AlertToneProfile Steady { get; } = new("steady", [new(1000, TimeSpan.FromSeconds(2))]);

    /// <summary>Alert 2 style: alternating hi-lo (mayday, evacuation).</summary>
    public static AlertToneProfile HiLo { get; } = new("hi-lo", [new(1200, TimeSpan.FromMilliseconds(250)), new(800, TimeSpan.FromMilliseconds(250))], 6);

    /// <summary>Alert 3 style: intermittent beeps (general announcement).</summary>
    public static AlertToneProfile Beeps { get; } = new("beeps", [new(1000, TimeSpan.FromMilliseconds(150)), new(0, TimeSpan.FromMilliseconds(150))], 5);

    /// <summary>Rising warble for emergencies: 600 → 1400 Hz glides.</summary>
    public static AlertToneProfile RisingWarble { get; } = new("rising-warble", [new(600, TimeSpan.FromMilliseconds(400), 1400)], 6);

    public ToneSequence ToSequence()
    {
        if (Repeat < 1 || Steps.Count == 0)
        {
            throw new ArgumentException($"Alert profile '{Name}' needs at least one step and Repeat >= 1.");
        }

        var amplitude = Level.FromDbfs(LevelDbfs);
        var segments = new List<ToneSegment>(Steps.Count * Repeat);
        for (var r = 0; r < Repeat; r++)
        {
            foreach (var step in Steps)
            {
                segments.Add(step.Frequency <= 0
                    ? ToneSegment.Silence(step.Duration)
                    : new ToneSegment(step.Duration, step.Frequency, amplitude, SweepTo: step.SweepTo));
            }
        }

        return new ToneSequence(segments);
    }
}

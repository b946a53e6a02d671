namespace Gateway.Audio.Tones;

/// <summary>
/// Two-tone sequential paging (Motorola Quick Call II style): tone A, then tone B, no gap; defaults 1 s + 3 s.
/// An all-call is one long tone (A with B = A). Frequencies come from <see cref="QuickCallTables"/> or are given.
/// </summary>
public static class TwoToneSequential
{
    public static ToneSequence Create(double toneA, double toneB, TimeSpan? durationA = null, TimeSpan? durationB = null, double levelDbfs = -6, TimeSpan? silenceAfter = null)
    {
        if (toneA is < 200 or > 3000 || toneB is < 200 or > 3000)
        {
            throw new ArgumentOutOfRangeException(nameof(toneA), $"Paging tones must be 200..3000 Hz (got {toneA} / {toneB}).");
        }

        var amplitude = Level.FromDbfs(levelDbfs);
        var segments = new List<ToneSegment>
        {
            new(durationA ?? TimeSpan.FromSeconds(1), toneA, amplitude),
            new(durationB ?? TimeSpan.FromSeconds(3), toneB, amplitude),
        };

        // Motorola asks for at least 400 ms of silence after B before voice or the next page.
        segments.Add(ToneSegment.Silence(silenceAfter ?? TimeSpan.FromMilliseconds(400)));
        return new ToneSequence(segments);
    }

    /// <summary>A page by group and code digits of the standard Quick Call II table.</summary>
    public static ToneSequence Create(int groupA, int codeA, int groupB, int codeB, double levelDbfs = -6) =>
        Create(QuickCallTables.Frequency(groupA, codeA), QuickCallTables.Frequency(groupB, codeB), levelDbfs: levelDbfs);
}

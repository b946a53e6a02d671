namespace Gateway.Audio.Tones;

/// <summary>Builds 5-tone (any length) selcall sequences with the repeat-tone rule.</summary>
public static class SelcallGenerator
{
    /// <param name="code">Digits 0-9/A-F as the user dials them (repeats are converted to E here).</param>
    /// <param name="standard">Tone table.</param>
    /// <param name="toneDuration">Per-tone length; the standard's nominal length by default.</param>
    /// <param name="firstToneDuration">Longer first tone some CCIR systems need to open squelch (null: same as the others).</param>
    /// <param name="levelDbfs">Peak level.</param>
    public static ToneSequence Create(string code, SelcallStandard standard, TimeSpan? toneDuration = null, TimeSpan? firstToneDuration = null, double levelDbfs = -6)
    {
        var sent = SelcallTables.ApplyRepeatRule(code);
        var table = SelcallTables.Frequencies(standard);
        var duration = toneDuration ?? SelcallTables.ToneDuration(standard);
        var amplitude = Level.FromDbfs(levelDbfs);
        var segments = new List<ToneSegment>(sent.Length);
        for (var i = 0; i < sent.Length; i++)
        {
            var frequency = table[SelcallTables.Symbols.IndexOf(sent[i], StringComparison.Ordinal)];
            segments.Add(new ToneSegment(i == 0 && firstToneDuration is { } first ? first : duration, frequency, amplitude));
        }

        return new ToneSequence(segments);
    }
}

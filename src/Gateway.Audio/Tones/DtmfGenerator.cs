namespace Gateway.Audio.Tones;

/// <summary>Builds DTMF digit strings as tone sequences.</summary>
public static class DtmfGenerator
{
    public static ToneSequence Create(string digits, DtmfGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(digits);
        options ??= new DtmfGeneratorOptions();
        if (options.ToneDuration <= TimeSpan.Zero || options.Gap < TimeSpan.Zero)
        {
            throw new ArgumentException("DtmfGeneratorOptions: ToneDuration must be positive and Gap not negative.", nameof(options));
        }

        var low = Level.FromDbfs(options.LevelDbfs);
        var high = Level.FromDbfs(options.LevelDbfs + options.TwistDb);
        if (low + high > 1.0)
        {
            throw new ArgumentException($"DTMF level {options.LevelDbfs} dBFS with {options.TwistDb} dB twist clips.", nameof(options));
        }

        var segments = new List<ToneSegment>(digits.Length * 2);
        foreach (var key in digits)
        {
            var (f1, f2) = DtmfTones.Frequencies(key);
            segments.Add(new ToneSegment(options.ToneDuration, f1, low, f2, high));
            segments.Add(ToneSegment.Silence(options.Gap));
        }

        return new ToneSequence(segments);
    }
}

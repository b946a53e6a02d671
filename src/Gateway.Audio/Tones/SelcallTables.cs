namespace Gateway.Audio.Tones;

/// <summary>
/// Selcall tone frequencies for digits 0–9 and A–F (E is the repeat tone) and nominal tone lengths
/// (radio-side.md §5: SvxLink / multimon-ng / Zetron tables; Zetron Model 15 timings).
/// </summary>
public static class SelcallTables
{
    public const string Symbols = "0123456789ABCDEF";

    /// <summary>Index of the repeat tone in <see cref="Symbols"/>.</summary>
    public const int RepeatIndex = 14;

    private static readonly double[] Zvei1 = [2400, 1060, 1160, 1270, 1400, 1530, 1670, 1830, 2000, 2200, 2800, 810, 970, 885, 2600, 680];
    private static readonly double[] Zvei2 = [2400, 1060, 1160, 1270, 1400, 1530, 1670, 1830, 2000, 2200, 885, 810, 740, 680, 970, 2600];
    private static readonly double[] Ccir = [1981, 1124, 1197, 1275, 1358, 1446, 1540, 1640, 1747, 1860, 2400, 930, 2247, 991, 2110, 1055];
    private static readonly double[] Eea = [1981, 1124, 1197, 1275, 1358, 1446, 1540, 1640, 1747, 1860, 1055, 930, 2400, 991, 2110, 2047];

    public static IReadOnlyList<double> Frequencies(SelcallStandard standard) => standard switch
    {
        SelcallStandard.Zvei1 => Zvei1,
        SelcallStandard.Zvei2 => Zvei2,
        SelcallStandard.Ccir => Ccir,
        SelcallStandard.Eea => Eea,
        _ => throw new ArgumentOutOfRangeException(nameof(standard), standard, "Unknown selcall standard."),
    };

    public static TimeSpan ToneDuration(SelcallStandard standard) => standard switch
    {
        SelcallStandard.Zvei1 or SelcallStandard.Zvei2 => TimeSpan.FromMilliseconds(70),
        SelcallStandard.Ccir => TimeSpan.FromMilliseconds(100),
        SelcallStandard.Eea => TimeSpan.FromMilliseconds(40),
        _ => throw new ArgumentOutOfRangeException(nameof(standard), standard, "Unknown selcall standard."),
    };

    /// <summary>Applies the repeat rule: a digit equal to the one sent before it is sent as E (22222 → 2E2E2).</summary>
    public static string ApplyRepeatRule(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var upper = code.ToUpperInvariant();
        var chars = upper.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (Symbols.IndexOf(chars[i], StringComparison.Ordinal) < 0)
            {
                throw new ArgumentException($"'{code[i]}' is not a selcall digit (0-9, A-F).", nameof(code));
            }

            if (i > 0 && upper[i] == upper[i - 1] && chars[i - 1] != 'E')
            {
                chars[i] = 'E';
            }
        }

        return new string(chars);
    }
}

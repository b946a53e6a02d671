namespace Gateway.Audio.Tones;

/// <summary>Motorola Quick Call II standard tone groups (Hz), radio-side.md §5; group → code digit 0–9.</summary>
public static class QuickCallTables
{
    private static readonly Dictionary<int, double[]> Groups = new()
    {
        [1] = [330.5, 349.0, 368.5, 389.0, 410.8, 433.7, 457.9, 483.5, 510.5, 539.0],
        [2] = [569.1, 600.9, 634.5, 669.9, 707.3, 746.8, 788.5, 832.5, 879.0, 928.1],
        [3] = [288.5, 296.5, 304.7, 313.8, 953.7, 979.9, 1006.9, 1034.7, 1063.2, 1092.4],
        [4] = [321.7, 339.6, 358.6, 378.6, 399.8, 422.1, 445.7, 470.5, 496.8, 524.6],
        [5] = [553.9, 584.8, 617.4, 651.9, 688.3, 726.8, 767.4, 810.2, 855.5, 903.2],
        [6] = [1122.5, 1153.4, 1185.2, 1217.8, 1251.4, 1285.8, 1321.2, 1357.6, 1395.0, 1433.4],
        [10] = [1472.9, 1513.5, 1555.2, 1598.0, 1642.0, 1687.2, 1733.7, 1781.5, 1830.5, 1881.0],
        [11] = [1930.2, 1989.0, 2043.8, 2094.5, 2155.6, 2212.2, 2271.7, 2334.6, 2401.0, 2468.2],
    };

    public static IEnumerable<int> GroupNumbers => Groups.Keys;

    public static double Frequency(int group, int code)
    {
        if (!Groups.TryGetValue(group, out var tones))
        {
            throw new ArgumentOutOfRangeException(nameof(group), group, "Quick Call II group must be 1-6, 10 or 11.");
        }

        if (code is < 0 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Quick Call II code digit must be 0-9.");
        }

        return tones[code];
    }
}

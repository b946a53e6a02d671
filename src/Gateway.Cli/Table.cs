namespace Gateway.Cli;

/// <summary>Plain-text tables for people (columns padded to the widest cell).</summary>
internal static class Table
{
    public static void Print(TextWriter output, string[] headers, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { headers };
        all.AddRange(rows);
        var widths = new int[headers.Length];
        foreach (var row in all)
        {
            for (var c = 0; c < headers.Length; c++)
            {
                widths[c] = Math.Max(widths[c], c < row.Length ? row[c].Length : 0);
            }
        }

        foreach (var row in all)
        {
            var cells = new string[headers.Length];
            for (var c = 0; c < headers.Length; c++)
            {
                cells[c] = (c < row.Length ? row[c] : string.Empty).PadRight(widths[c]);
            }

            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }

        if (all.Count == 1)
        {
            output.WriteLine("(none)");
        }
    }
}

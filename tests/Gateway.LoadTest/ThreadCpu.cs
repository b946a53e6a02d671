using System.Globalization;

namespace Gateway.LoadTest;

/// <summary>
/// CPU seconds of a process's threads grouped by thread name (/proc/PID/task/*/stat), so a report can say where the
/// gateway spends its CPU: receive threads, play-out clocks, thread pool, GC.
/// </summary>
internal static class ThreadCpu
{
    public static Dictionary<string, double> ByName(int pid)
    {
        var result = new Dictionary<string, double>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended
            }

            var open = text.IndexOf('(');
            var close = text.LastIndexOf(')');
            var name = Group(text[(open + 1)..close]);
            var fields = text[(close + 2)..].Split(' ');
            var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            result[name] = result.GetValueOrDefault(name) + seconds;
        }

        return result;
    }

    /// <summary>Per-group CPU seconds spent between two snapshots, largest first.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Delta(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.Select(kv => new KeyValuePair<string, double>(kv.Key, Math.Round(kv.Value - before.GetValueOrDefault(kv.Key), 2)))
            .Where(kv => kv.Value > 0)
            .OrderByDescending(kv => kv.Value)
            .ToList();

    private static string Group(string comm)
    {
        // Linux keeps 15 characters of a thread name: "rtp-playout lis", "rtp-rx talker-1", ".NET TP Worker".
        if (comm.StartsWith("rtp-", StringComparison.Ordinal))
        {
            var space = comm.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? comm[..space] : comm;
        }

        return comm.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ', '#');
    }
}

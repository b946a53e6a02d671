using System.Globalization;

namespace Gateway.LoadTest;

/// <summary>CPU time and memory of a process (or of the calling thread) from /proc.</summary>
internal static class ProcStat
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc stat files (100 on every mainstream Linux).</summary>
    private const double TicksPerSecond = 100.0;

    /// <summary>User + system CPU seconds of a process.</summary>
    public static double CpuSeconds(int pid) => CpuFromStat($"/proc/{pid}/stat");

    /// <summary>User + system CPU seconds of the calling thread.</summary>
    public static double ThreadCpuSeconds() => CpuFromStat("/proc/thread-self/stat");

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public static long RssBytes(int pid) => StatusKb(pid, "VmRSS:") * 1024;

    /// <summary>Number of threads of the process.</summary>
    public static long Threads(int pid) => StatusKb(pid, "Threads:");

    private static double CpuFromStat(string path)
    {
        var text = File.ReadAllText(path);
        // Fields after the command name (which may contain spaces) start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    private static long StatusKb(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}

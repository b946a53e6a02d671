namespace Gateway.Tests.Shared;

/// <summary>
/// Finds an external program an interop test needs (ffmpeg, murmurd, socat...).
/// A missing tool fails the test with the install hint; it never skips silently (README: ./test.sh installs them).
/// </summary>
public static class RequiredTool
{
    public static string Find(string name, params string[] extraLocations)
    {
        foreach (var candidate in extraLocations)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin").Append("/sbin"))
        {
            var full = Path.Combine(dir, name);
            if (File.Exists(full))
            {
                return full;
            }
        }

        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        throw new InvalidOperationException(
            $"Required tool '{name}' is not installed{(ci ? " (CI=true)" : string.Empty)}. Run ./test.sh, which installs the test dependencies.");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Gateway.LoadTest;

/// <summary>
/// Optional GC figures of the gateway (managed heap, allocation rate, collections) through the `dotnet-counters` tool
/// (`dotnet tool install -g dotnet-counters`), collected as JSON for the measurement window. Runtime counters only: a
/// session on the gateway's own meter aggregates every per-frame update in the gateway (drops come from its /metrics).
/// </summary>
internal sealed class CountersCollector : IDisposable
{
    private readonly Process _process;
    private readonly string _file;

    private CountersCollector(Process process, string file)
    {
        _process = process;
        _file = file;
    }

    public static string? FindTool(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"--dotnet-counters {configured} does not exist", configured);
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(dir => Path.Combine(dir, "dotnet-counters"));
        return candidates.FirstOrDefault(File.Exists);
    }

    public static CountersCollector Start(string tool, int pid, string directory, double seconds)
    {
        var file = Path.Combine(directory, "counters.json");
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime", "--format", "json", "-o", file,
            "--refresh-interval", "1", "--duration", TimeSpan.FromSeconds(Math.Ceiling(seconds)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet-counters");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new CountersCollector(process, file);
    }

    /// <summary>Waits for the tool to finish its duration and returns counter name → (mean, last) of the values seen.</summary>
    public Dictionary<string, CounterFigure> Finish()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            _process.Kill();
            _process.WaitForExit();
        }

        var result = new Dictionary<string, CounterFigure>();
        if (!File.Exists(_file))
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(_file));
            var values = new Dictionary<string, List<double>>();
            foreach (var e in document.RootElement.GetProperty("Events").EnumerateArray())
            {
                var name = e.GetProperty("name").GetString() ?? "?";
                var tags = e.TryGetProperty("tags", out var t) ? t.GetString() : null;
                if (!string.IsNullOrEmpty(tags))
                {
                    name += " [" + tags + "]";
                }

                if (!values.TryGetValue(name, out var list))
                {
                    values[name] = list = [];
                }

                list.Add(e.GetProperty("value").GetDouble());
            }

            foreach (var (name, list) in values)
            {
                result[name] = new CounterFigure(list.Average(), list[^1], list.Sum());
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A file cut short by the gateway stopping: no GC figures.
        }

        return result;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}

/// <summary>Mean, last value and sum (for rates: the count over the collection) of one counter over the window.</summary>
internal sealed record CounterFigure(double Mean, double Last, double Sum);

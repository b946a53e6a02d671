using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.LoadTest;

/// <summary>
/// One reading of the gateway's Prometheus endpoint (<c>/metrics</c>): its own drop counters and the .NET runtime's
/// (allocation, collections, heap, JIT). Two readings bracket the measurement window, so no diagnostics session runs
/// inside the gateway while it is measured (a dotnet-counters session cost about 5 % of the gateway's CPU in a perf
/// profile, most of it compiling the event source's code paths, and allocated tens of KB per second).
/// </summary>
internal sealed partial class MetricsScrape
{
    private readonly List<(string Name, string Labels, double Value)> _samples;

    private MetricsScrape(List<(string Name, string Labels, double Value)> samples) => _samples = samples;

    /// <summary>Reads the endpoint; null when it cannot be read (the report says so).</summary>
    public static MetricsScrape? Read(Uri metrics)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            return Parse(http.GetStringAsync(metrics).GetAwaiter().GetResult());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Parses Prometheus text: <c>name{labels} value [timestamp]</c> per line; comments and junk are skipped.</summary>
    public static MetricsScrape Parse(string prometheusText)
    {
        var samples = new List<(string, string, double)>();
        foreach (var line in prometheusText.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var open = line.IndexOf('{');
            var close = line.LastIndexOf('}');
            var nameEnd = open >= 0 ? open : line.IndexOf(' ');
            if (nameEnd <= 0 || (open >= 0 && close < open))
            {
                continue;
            }

            var rest = line[((open >= 0 ? close : nameEnd - 1) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length == 0 || !double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            samples.Add((line[..nameEnd], open >= 0 ? line[(open + 1)..close] : string.Empty, value));
        }

        return new MetricsScrape(samples);
    }

    /// <summary>The sum of every sample of a metric (all label sets); 0 when absent.</summary>
    public double Sum(string name) => _samples.Where(s => s.Name == name).Sum(s => s.Value);

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/> (e.g. <c>gc_heap_generation="gen2"</c>).</summary>
    public double Sum(string name, string label) => _samples.Where(s => s.Name == name && s.Labels.Contains(label, StringComparison.Ordinal)).Sum(s => s.Value);

    /// <summary><c>gateway_drops_total</c> summed per <c>reason</c> label.</summary>
    public IReadOnlyDictionary<string, long> DropsByReason()
    {
        var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, labels, value) in _samples.Where(s => s.Name == "gateway_drops_total"))
        {
            var reason = ReasonLabel().Match(labels) is { Success: true } m ? m.Groups[1].Value : "?";
            totals[reason] = totals.GetValueOrDefault(reason) + (long)value;
        }

        return totals;
    }

    [GeneratedRegex("reason=\"([^\"]*)\"")]
    private static partial Regex ReasonLabel();
}

/// <summary>
/// The gateway runtime's figures over the measurement window, from <see cref="MetricsScrape"/> readings at its start and
/// end. <see cref="AllocatedBytes"/> includes what the opening reading itself allocated, and the runtime counts
/// allocation in steps of a thread's allocation context (about 8 KB), so small figures are upper bounds.
/// </summary>
internal sealed record RuntimeFigures(
    double AllocatedBytes,
    double Gen0Collections,
    double Gen1Collections,
    double Gen2Collections,
    double GcPauseSeconds,
    double HeapBytesAfterLastGc,
    double JitSeconds,
    double JitMethods)
{
    /// <summary>Bytes allocated since the process started (the runtime updates it per allocation context, ~8 KB).</summary>
    public const string AllocatedMetric = "dotnet_gc_heap_total_allocated_bytes_total";

    private const string Allocated = AllocatedMetric;
    private const string Collections = "dotnet_gc_collections_total";

    public static RuntimeFigures Between(MetricsScrape start, MetricsScrape end) => new(
        end.Sum(Allocated) - start.Sum(Allocated),
        end.Sum(Collections, "\"gen0\"") - start.Sum(Collections, "\"gen0\""),
        end.Sum(Collections, "\"gen1\"") - start.Sum(Collections, "\"gen1\""),
        end.Sum(Collections, "\"gen2\"") - start.Sum(Collections, "\"gen2\""),
        end.Sum("dotnet_gc_pause_time_seconds_total") - start.Sum("dotnet_gc_pause_time_seconds_total"),
        end.Sum("dotnet_gc_last_collection_heap_size_bytes"),
        end.Sum("dotnet_jit_compilation_time_seconds_total") - start.Sum("dotnet_jit_compilation_time_seconds_total"),
        end.Sum("dotnet_jit_compiled_methods_total") - start.Sum("dotnet_jit_compiled_methods_total"));
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.LoadTest;

/// <summary>
/// The gateway's <c>gateway_drops_total</c> summed per reason, read once from its Prometheus endpoint after the run:
/// totals for the whole run, and nothing listening inside the gateway while it is measured (a dotnet-counters session
/// on the gateway's meter aggregates every per-frame update and allocated about 1.4 MB/s in the gateway).
/// </summary>
internal static partial class GatewayDropsScrape
{
    /// <summary>Reason → count; null when the endpoint could not be read (the report says so).</summary>
    public static IReadOnlyDictionary<string, long>? Read(Uri metrics)
    {
        string text;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            text = http.GetStringAsync(metrics).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        return Parse(text);
    }

    /// <summary>Sums the samples of <c>gateway_drops_total</c> in Prometheus text by their <c>reason</c> label.</summary>
    public static IReadOnlyDictionary<string, long> Parse(string prometheusText)
    {
        var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in prometheusText.Split('\n'))
        {
            if (!line.StartsWith("gateway_drops_total{", StringComparison.Ordinal))
            {
                continue;
            }

            // name{labels} value [timestamp]
            var close = line.LastIndexOf('}');
            var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (close < 0 || fields.Length == 0 || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var reason = ReasonLabel().Match(line[..close]) is { Success: true } m ? m.Groups[1].Value : "?";
            totals[reason] = totals.GetValueOrDefault(reason) + (long)value;
        }

        return totals;
    }

    [GeneratedRegex("reason=\"([^\"]*)\"")]
    private static partial Regex ReasonLabel();
}

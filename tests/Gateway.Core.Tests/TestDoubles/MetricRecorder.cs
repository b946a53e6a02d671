using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gateway.Core.Metrics;

namespace Gateway.Core.Tests.TestDoubles;

/// <summary>Sums one <see cref="GatewayMetrics"/> instance's counters by instrument and "reason" tag.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public MetricRecorder(GatewayMetrics metrics)
    {
        var meter = metrics.Drops.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var reason = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value as string ?? string.Empty;
                }
            }

            _totals.AddOrUpdate(instrument.Name + "|" + reason, value, (_, old) => old + value);
            _totals.AddOrUpdate(instrument.Name, value, (_, old) => old + value);
        });
        _listener.Start();
    }

    public long Get(string instrument, string? reason = null) =>
        _totals.GetValueOrDefault(reason is null ? instrument : instrument + "|" + reason);

    public void Dispose() => _listener.Dispose();
}

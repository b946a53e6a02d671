using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gateway.Core.Metrics;

namespace Gateway.Core.Tests.TestDoubles;

/// <summary>Sums one <see cref="GatewayMetrics"/> instance's counters by instrument and "reason" tag.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Reason), long> _totals = new();

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

            // Allocation-free (static lambdas, tuple keys) so allocation tests can run with a listener attached.
            _totals.AddOrUpdate((instrument.Name, reason), static (_, v) => v, static (_, old, v) => old + v, value);
            if (reason.Length > 0)
            {
                _totals.AddOrUpdate((instrument.Name, string.Empty), static (_, v) => v, static (_, old, v) => old + v, value);
            }
        });
        _listener.Start();
    }

    public long Get(string instrument, string? reason = null) => _totals.GetValueOrDefault((instrument, reason ?? string.Empty));

    public void Dispose() => _listener.Dispose();
}

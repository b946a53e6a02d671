using System.Diagnostics.Metrics;

namespace Gateway.Core.Metrics;

/// <summary>
/// The gateway's meters (exported to Prometheus by the host). One instance per process, shared by all components.
/// Counters are cheap enough for the per-frame path (no allocation with tag lists of up to three tags).
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Gateway";

    private readonly Meter _meter;

    public GatewayMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        FramesIn = _meter.CreateCounter<long>("gateway.frames.in", "{frame}", "Frames received from endpoints, by connector kind.");
        FramesOut = _meter.CreateCounter<long>("gateway.frames.out", "{frame}", "Frames delivered to endpoints, by connector kind.");
        Drops = _meter.CreateCounter<long>("gateway.drops", "{frame}", "Frames or packets dropped, by reason.");
        FloorGrants = _meter.CreateCounter<long>("gateway.floor.grants", "{grant}", "Floor grants.");
        FloorDenials = _meter.CreateCounter<long>("gateway.floor.denials", "{denial}", "Floor denials.");
        FloorPreemptions = _meter.CreateCounter<long>("gateway.floor.preemptions", "{preemption}", "Floor pre-emptions.");
        Encodes = _meter.CreateCounter<long>("gateway.router.encodes", "{frame}", "Frames encoded by the router (once per destination profile).");
    }

    public Counter<long> FramesIn { get; }

    public Counter<long> FramesOut { get; }

    public Counter<long> Drops { get; }

    public Counter<long> FloorGrants { get; }

    public Counter<long> FloorDenials { get; }

    public Counter<long> FloorPreemptions { get; }

    public Counter<long> Encodes { get; }

    /// <summary>Registers an observable gauge (active calls, endpoints online...) whose value is read at export time.</summary>
    public void ObserveGauge(string name, Func<long> read, string? unit = null, string? description = null) =>
        _meter.CreateObservableGauge(name, read, unit, description);

    public void Dispose() => _meter.Dispose();
}

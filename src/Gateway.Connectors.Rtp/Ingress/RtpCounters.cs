using System.Diagnostics.Metrics;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Core.Metrics;

namespace Gateway.Connectors.Rtp.Ingress;

/// <summary>Per-endpoint counters, mirrored into <see cref="GatewayMetrics"/> (drops tagged by reason). Allocation-free.</summary>
internal sealed class RtpCounters
{
    private static readonly string[] ReasonTags = Enum.GetValues<RtpDropReason>().Select(r => "rtp." + r.ToString().ToLowerInvariant()).ToArray();
    private readonly long[] _drops = new long[ReasonTags.Length];
    private readonly GatewayMetrics? _metrics;
    private readonly KeyValuePair<string, object?> _endpointTag;
    private static readonly KeyValuePair<string, object?> ConnectorTag = new("connector", "rtp");

    public RtpCounters(GatewayMetrics? metrics, string endpointId)
    {
        _metrics = metrics;
        _endpointTag = new("endpoint", endpointId);
    }

    public long DatagramsReceived;
    public long BytesReceived;
    public long Accepted;
    public long Held;
    public long RtcpPackets;
    public long FramesSubmitted;
    public long FramesConcealed;
    public long PacketsSkipped;
    public long Underruns;
    public long Reordered;
    public long TalkSpurts;
    public long DtmfDigits;
    public long PacketsSent;
    public long OctetsSent;
    public long EgressDropped;

    public void Drop(RtpDropReason reason)
    {
        Interlocked.Increment(ref _drops[(int)reason]);
        ReportDrops(reason, 1);
    }

    /// <summary>
    /// Buffered packets discarded unplayed: counted as skipped, and in <c>gateway_drops_total</c> as <c>rtp.skipped</c> so
    /// every packet that was accepted but never played is attributable there. Not in the endpoint's drop table, which
    /// accounts for each datagram once (accepted or dropped), and these were accepted.
    /// </summary>
    public void Skip(long packets = 1)
    {
        Interlocked.Add(ref PacketsSkipped, packets);
        ReportDrops(RtpDropReason.Skipped, packets);
    }

    private void ReportDrops(RtpDropReason reason, long count) =>
        _metrics?.Drops.Add(count, new KeyValuePair<string, object?>("reason", ReasonTags[(int)reason]), ConnectorTag, _endpointTag);

    public void FrameIn() => _metrics?.FramesIn.Add(1, ConnectorTag, _endpointTag);

    public long DropCount(RtpDropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    public Dictionary<RtpDropReason, long> DropSnapshot()
    {
        var result = new Dictionary<RtpDropReason, long>();
        for (var i = 1; i < _drops.Length; i++)
        {
            var value = Interlocked.Read(ref _drops[i]);
            if (value > 0)
            {
                result[(RtpDropReason)i] = value;
            }
        }

        return result;
    }
}

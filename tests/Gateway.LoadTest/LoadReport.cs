using System.Globalization;
using System.Text.Json;

namespace Gateway.LoadTest;

/// <summary>Everything one run measured; printed as a table and written as JSON.</summary>
internal sealed record LoadReport
{
    public required string Preset { get; init; }

    public int Groups { get; init; }

    public required string Talker { get; init; }

    public int OpusListenersPerGroup { get; init; }

    public int PcmuListenersPerGroup { get; init; }

    public int Listeners { get; init; }

    public double Seconds { get; init; }

    public double WindowSeconds { get; init; }

    public int TalkerJitterMinMs { get; init; }

    public int MachineCores { get; init; }

    public required string LoadAverage { get; init; }

    public double GatewayStartupSeconds { get; init; }

    public long PacketsIn { get; init; }

    public long PacketsOut { get; init; }

    public long ExpectedAfterWarmup { get; init; }

    public long ReceivedAfterWarmup { get; init; }

    public double LossPercent { get; init; }

    public long Duplicates { get; init; }

    public long Unresolved { get; init; }

    public long TalkerLateTicks { get; init; }

    public long SentFramesPerTalker { get; init; }

    /// <summary>Pass-through Opus and PCMU listeners: frames identified by their payload bytes.</summary>
    public required StreamFigures PassThrough { get; init; }

    /// <summary>Transcoded Opus listeners (PCMU talker): frames identified by their decoded audio tone; null without transcoding.</summary>
    public StreamFigures? Transcoded { get; init; }

    /// <summary>Where the lost frames went missing (all listeners of a group, or some) and when.</summary>
    public required LossBreakdown Losses { get; init; }

    /// <summary>Datagrams at listener RTP sockets that were not RTP from their gateway endpoint (ignored, not counted as received).</summary>
    public long ForeignDatagrams { get; init; }

    /// <summary>Delay of payload-identified frames (pass-through Opus, PCMU): arrival minus the frame's send time.</summary>
    public required DelayFigures DelayPassThrough { get; init; }

    /// <summary>Delay of tone-identified transcoded Opus frames, just as exact: arrival minus the identified frame's send time.</summary>
    public DelayFigures? DelayTranscoded { get; init; }

    public double ForwardedPerSecond { get; init; }

    public double GatewayCpuSeconds { get; init; }

    public double GatewayCpuPercentOfMachine { get; init; }

    public double GatewayIdleCpuPercentOfOneCore { get; init; }

    public double CpuSecondsPer1000Packets { get; init; }

    public double CpuSecondsPer1000PacketsNetOfIdle { get; init; }

    public double GatewayRssMb { get; init; }

    public double GatewayIdleRssMb { get; init; }

    public long GatewayThreads { get; init; }

    public required RawResult RawBefore { get; init; }

    public required RawResult RawAfter { get; init; }

    /// <summary>Diagnostic: the raw sender with one socket per destination, as the gateway's endpoints send.</summary>
    public RawResult? RawSocketPerDestination { get; init; }

    /// <summary>Diagnostic: the raw sender batching its sends with sendmmsg (what fewer system calls could gain).</summary>
    public RawResult? RawBatched { get; init; }

    /// <summary>Diagnostic: the raw sender paced as the gateway sends (what the traffic shape costs, apart from our code).</summary>
    public RawResult? RawPaced { get; init; }

    public required IReadOnlyList<Sample> Samples { get; init; }

    /// <summary>Gateway CPU seconds per thread group in the 3 idle seconds before the talkers start.</summary>
    public required IReadOnlyList<KeyValuePair<string, double>> IdleCpuByThread { get; init; }

    /// <summary>The gateway runtime's allocation, GC and JIT figures over the window (from /metrics); null if unreadable.</summary>
    public RuntimeFigures? Runtime { get; init; }

    /// <summary>gateway_drops_total per reason at the end of the run (from the gateway's /metrics); null if unreadable.</summary>
    public IReadOnlyDictionary<string, long>? GatewayDropsByReason { get; init; }

    /// <summary>Managed bytes the whole gateway process allocated in the window per forwarded packet.</summary>
    public double AllocatedBytesPerForwardedPacket =>
        Runtime is { } r && ForwardedPerSecond > 0 ? r.AllocatedBytes / (ForwardedPerSecond * WindowSeconds) : double.NaN;

    /// <summary>
    /// The gateway's allocation rate in the 3 idle seconds before the talkers start (the tail of start-up, timers): a
    /// rate like the window's means what the window allocated is not the media path's.
    /// </summary>
    public double GatewayIdleAllocatedBytesPerSecond { get; init; }

    /// <summary>UDP receive-queue bytes at the window end: where a backlog (delay) sits.</summary>
    public required QueueFigures ReceiveQueuesAtEnd { get; init; }

    /// <summary>Gateway CPU seconds per thread group in the measurement window.</summary>
    public required IReadOnlyList<KeyValuePair<string, double>> WindowCpuByThread { get; init; }

    /// <summary>Mean raw capacity (packets per sender CPU-second) of the two baselines.</summary>
    public double RawPacketsPerCpuSecond => (RawBefore.PacketsPerCpuSecond + RawAfter.PacketsPerCpuSecond) / 2;

    /// <summary>Gateway forwarding capacity: forwarded packets per gateway CPU-second.</summary>
    public double GatewayPacketsPerCpuSecond => 1000 / CpuSecondsPer1000Packets;

    /// <summary>Gateway fan-out capacity / raw send capacity, both per CPU-second (target ≥ 0.7 for fanout).</summary>
    public double RatioToRaw => GatewayPacketsPerCpuSecond / RawPacketsPerCpuSecond;

    /// <summary>The same, with the gateway's idle CPU (timers of idle endpoints) taken out.</summary>
    public double RatioToRawNetOfIdle => 1000 / CpuSecondsPer1000PacketsNetOfIdle / RawPacketsPerCpuSecond;

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        void Row(string name, string value) => output.WriteLine(string.Create(c, $"  {name,-44} {value}"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"=== {Preset}: {Groups} group(s), {Talker} talker, {OpusListenersPerGroup} Opus + {PcmuListenersPerGroup} PCMU listeners per group ({Listeners} total), {Seconds} s ==="));
        Row("machine", string.Create(c, $"{MachineCores} cores, loadavg {LoadAverage} (shared machine)"));
        Row("gateway startup (all ports bound)", string.Create(c, $"{GatewayStartupSeconds:F1} s"));
        Row("packets in (talkers) / out (listeners)", string.Create(c, $"{PacketsIn:N0} / {PacketsOut:N0}"));
        Row("loss after warm-up", string.Create(c, $"{LossPercent:F3} %  ({ExpectedAfterWarmup - ReceivedAfterWarmup:N0} of {ExpectedAfterWarmup:N0})"));
        Row("duplicates / unresolved", string.Create(c, $"{Duplicates:N0} / {Unresolved:N0}"));
        Row("  pass-through (payload-identified)", PassThrough.ToString());
        if (Transcoded is not null)
        {
            Row("  transcoded Opus (tone-identified)", Transcoded.ToString());
            Row("  transcoded: never sent / concealed / bad", string.Create(c, $"{Transcoded.FramesSkippedInStream:N0} frames skipped without an RTP sequence gap / {Transcoded.Repeats:N0} packets repeating the previous frame / {Transcoded.Inconsistencies:N0} identities contradicting sequence or time"));
            Row("  transcoded: anchored / by RTP sequence", string.Create(c, $"{Transcoded.Anchored:N0} tones placed through the group's PCMU anchor / {Transcoded.InferredFromSequence:N0} packets without a clear tone placed between identified neighbours"));
        }

        if (ExpectedAfterWarmup > ReceivedAfterWarmup)
        {
            Row("  where lost", Losses.ToString());
            Row("  lost listener-frames by second (worst 5)", Losses.Bursts(5));
            Row("  group-wide lost frames by group", Losses.Groups(12));
        }

        Row("gateway drops (gateway_drops_total)", GatewayDrops());
        Row("ignored at listeners (RTCP, other senders)", string.Create(c, $"{ForeignDatagrams:N0}"));
        Row("talker ticks > 5 ms late (harness starved)", string.Create(c, $"{TalkerLateTicks:N0}"));
        Row("delay talker→listener, pass-through ms", DelayPassThrough.ToString());
        if (DelayTranscoded is not null)
        {
            Row("delay talker→listener, transcoded Opus ms", DelayTranscoded.ToString());
        }

        Row("UDP rx queues at end: harness listeners", string.Create(c, $"{ReceiveQueuesAtEnd.ListenerBytes / 1024.0:N0} KB total, max {ReceiveQueuesAtEnd.ListenerMaxBytes / 1024.0:N1} KB per socket"));
        Row("UDP rx queues at end: gateway talker ports", string.Create(c, $"{ReceiveQueuesAtEnd.GatewayTalkerBytes / 1024.0:N0} KB total, max {ReceiveQueuesAtEnd.GatewayTalkerMaxBytes / 1024.0:N1} KB per socket"));
        Row("forwarded packets/s (window)", string.Create(c, $"{ForwardedPerSecond:N0}"));
        Row("gateway CPU", string.Create(c, $"{GatewayCpuSeconds:F2} s in {WindowSeconds:F1} s = {GatewayCpuPercentOfMachine:F1} % of the machine"));
        Row("gateway idle CPU (before talkers)", string.Create(c, $"{GatewayIdleCpuPercentOfOneCore:F1} % of one core"));
        Row("gateway CPU s per 1,000 forwarded", string.Create(c, $"{CpuSecondsPer1000Packets:F4} ({CpuSecondsPer1000PacketsNetOfIdle:F4} net of idle)"));
        Row("gateway RSS idle / loaded, threads", string.Create(c, $"{GatewayIdleRssMb:F1} MB / {GatewayRssMb:F1} MB, {GatewayThreads} threads"));
        Row("gateway CPU s by thread, idle 3 s", string.Join(", ", IdleCpuByThread.Take(5).Select(kv => string.Create(c, $"{kv.Key} {kv.Value:F2}"))));
        Row("gateway CPU s by thread, window", string.Join(", ", WindowCpuByThread.Take(6).Select(kv => string.Create(c, $"{kv.Key} {kv.Value:F2}"))));
        if (Runtime is { } r)
        {
            Row("gateway allocated bytes per forwarded packet", string.Create(c, $"{AllocatedBytesPerForwardedPacket:F3} (whole process, one /metrics reading included: {r.AllocatedBytes:N0} B in the window)"));
            Row("gateway allocation rate idle / window", string.Create(c, $"{GatewayIdleAllocatedBytesPerSecond:N0} B/s / {r.AllocatedBytes / WindowSeconds:N0} B/s"));
            Row("gateway GCs in the window (gen0/1/2), pause", string.Create(c, $"{r.Gen0Collections:F0} / {r.Gen1Collections:F0} / {r.Gen2Collections:F0}, {r.GcPauseSeconds * 1000:F1} ms"));
            Row("gateway managed heap after last GC", string.Create(c, $"{r.HeapBytesAfterLastGc / 1048576.0:F1} MB"));
            Row("gateway JIT in the window", string.Create(c, $"{r.JitMethods:F0} methods, {r.JitSeconds:F2} s"));
        }
        else
        {
            Row("gateway runtime figures", "unknown (/metrics not readable)");
        }

        Row("raw baseline before", RawBefore.Describe());
        Row("raw baseline after", RawAfter.Describe());
        Row("gateway pkts per CPU-s / raw pkts per CPU-s", string.Create(c, $"{GatewayPacketsPerCpuSecond:N0} / {RawPacketsPerCpuSecond:N0} = ratio {RatioToRaw:F3} (net of idle {RatioToRawNetOfIdle:F3})"));
        if (RawSocketPerDestination is { } perSocket)
        {
            Row("raw, a socket per destination (diagnostic)", perSocket.Describe());
            Row("gateway / raw-socket-per-destination", string.Create(c, $"ratio {GatewayPacketsPerCpuSecond / perSocket.PacketsPerCpuSecond:F3} (net of idle {RatioToRawNetOfIdle * RawPacketsPerCpuSecond / perSocket.PacketsPerCpuSecond:F3})"));
        }

        if (RawBatched is { } batched)
        {
            Row("raw, sendmmsg batches (diagnostic)", batched.Describe());
            Row("raw sendmmsg / raw one call per packet", string.Create(c, $"ratio {batched.PacketsPerCpuSecond / RawPacketsPerCpuSecond:F3}"));
        }

        if (RawPaced is { } paced)
        {
            Row("raw, paced rounds every 20 ms (diagnostic)", paced.Describe());
            Row("raw paced / raw back to back", string.Create(c, $"ratio {paced.PacketsPerCpuSecond / RawPacketsPerCpuSecond:F3}"));
            Row("gateway / raw paced", string.Create(c, $"ratio {GatewayPacketsPerCpuSecond / paced.PacketsPerCpuSecond:F3} (net of idle {RatioToRawNetOfIdle * RawPacketsPerCpuSecond / paced.PacketsPerCpuSecond:F3})"));
        }
        foreach (var s in Samples)
        {
            Row($"sample t={s.ElapsedSeconds} s", string.Create(c, $"rss {s.RssMb:F1} MB, cpu {s.CpuPercentOfOneCore:F0} % of a core, {s.PacketsPerSecond:N0} pkt/s, p50 {s.P50Ms:F2} ms, p99 {s.P99Ms:F2} ms"));
        }
    }

    /// <summary>The gateway's drops per reason over the whole run, e.g. "rtp.stale 12, not_holder 3".</summary>
    private string GatewayDrops() =>
        GatewayDropsByReason is not { } drops ? "unknown (/metrics not readable)"
        : drops.Count == 0 ? "none"
        : string.Join(", ", drops.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:N0}")));

    public void WriteJson(string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
}

/// <summary>Delay percentiles in milliseconds.</summary>
internal sealed record DelayFigures(long Count, double P50Ms, double P99Ms, double P999Ms, double MaxBucketMs)
{
    public static DelayFigures From(DelayHistogram histogram) =>
        new(histogram.Count, histogram.PercentileMs(0.5), histogram.PercentileMs(0.99), histogram.PercentileMs(0.999), histogram.PercentileMs(1.0));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {P50Ms:F2}  p99 {P99Ms:F2}  p99.9 {P999Ms:F2}  max {MaxBucketMs:F2}  (n={Count:N0})");
}

/// <summary>Bytes queued in kernel UDP receive buffers (skb truesize, not payload bytes).</summary>
internal sealed record QueueFigures(long ListenerBytes, long ListenerMaxBytes, long GatewayTalkerBytes, long GatewayTalkerMaxBytes);

/// <summary>One periodic sample (soak).</summary>
internal sealed record Sample(double ElapsedSeconds, double RssMb, double CpuPercentOfOneCore, double PacketsPerSecond, double P50Ms, double P99Ms);

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;

namespace Gateway.LoadTest;

/// <summary>
/// Churn: the gateway's switchboard and RTP connector run in this process (the run-time add/remove the API uses is
/// <see cref="RtpConnector.AddEndpoint"/>/<see cref="RtpConnector.RemoveEndpointAsync"/>, called directly). Per group two
/// PCMU talkers take turns (0.5 s of audio, 0.5 s of silence, so the floor changes hands every second), stable listeners
/// measure loss and delay, and every second <c>--churn</c> listener endpoints per group are removed and new ones added
/// (ports are reused after removal). Leak check: after everything is removed, threads, sockets, managed heap
/// and the media packet pool are compared with the figures before the first endpoint was added.
/// </summary>
internal static class ChurnRun
{
    public static int Execute(HarnessOptions options)
    {
        var codecs = new CodecFactory();
        var metrics = new GatewayMetrics();
        var events = new EventBus(metrics);
        var switchboard = new Switchboard(codecs, events, metrics, TimeProvider.System);
        var connector = new RtpConnector([], switchboard, codecs, TimeProvider.System, events, null, metrics, nodeName: "churn");
        try
        {
            // Baseline for the leak check: after one endpoint came and went (codec, pools, JIT and loop threads warm).
            switchboard.UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId("warm")) with { HangTime = TimeSpan.Zero });
            var warmPort = PortAllocator.EvenPairs(1)[0];
            connector.AddEndpoint(new RtpEndpointOptions { Id = "warm", TalkGroup = "warm", Listen = $"127.0.0.1:{warmPort}", Codec = "pcmu", PayloadType = 0 });
            connector.RemoveEndpointAsync("warm").GetAwaiter().GetResult();
            var before = Footprint.Take(connector, switchboard);
            Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] before: {before}");

            // The run's harness objects (sockets, histograms, send-time tables) are unreachable once Run returns, so the
            // figures taken after it are the gateway's alone.
            var print = Run(options, connector, switchboard, before);
            Thread.Sleep(1000);
            var after = Footprint.Take(connector, switchboard);
            return print(after) ? 0 : 1;
        }
        finally
        {
            connector.DisposeAsync().AsTask().GetAwaiter().GetResult();
            switchboard.Dispose();
            metrics.Dispose();
        }
    }

    private static Func<Footprint, bool> Run(HarnessOptions options, RtpConnector connector, Switchboard switchboard, Footprint before)
    {
        var log = (string text) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");
        var c = CultureInfo.InvariantCulture;
        var totalFrames = (int)(options.Seconds * 50) + 500;
        var payloads = new TestPayloads(0, null);
        var churnPerGroup = options.Churn;

        // Per group: 2 talker endpoints, stable listeners, and 2 x churn ports (a removed endpoint's port is reused next time).
        var perGroup = 2 + options.OpusListeners + (2 * churnPerGroup);
        var ports = PortAllocator.EvenPairs(options.Groups * perGroup);
        var talkers = new List<Talker>();
        var stable = new List<Listener>();
        var churnSockets = new List<Listener>();
        var groups = new List<ChurnGroup>();
        for (var g = 0; g < options.Groups; g++)
        {
            var group = $"churn-{g + 1}";
            switchboard.UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId(group)) with { HangTime = TimeSpan.Zero });
            var basePort = g * perGroup;
            var talker = new Talker(g, pcmu: true, new IPEndPoint(IPAddress.Loopback, ports[basePort]), totalFrames, payloads);
            talker.AddSecondSource(new IPEndPoint(IPAddress.Loopback, ports[basePort + 1]));
            talkers.Add(talker);
            connector.AddEndpoint(Options($"talker-a-{g + 1}", group, ports[basePort], null, "normal"));
            connector.AddEndpoint(Options($"talker-b-{g + 1}", group, ports[basePort + 1], null, "dispatcher"));
            for (var l = 0; l < options.OpusListeners; l++)
            {
                var listener = new Listener(talker, expectsOpus: false, totalFrames);
                stable.Add(listener);
                connector.AddEndpoint(Options($"listener-{g + 1}-{l + 1}", group, ports[basePort + 2 + l], listener.EndPoint.Port, "normal"));
            }

            var state = new ChurnGroup(group, [.. ports.Skip(basePort + 2 + options.OpusListeners).Take(2 * churnPerGroup)]);
            for (var k = 0; k < churnPerGroup; k++)
            {
                var socket = new Listener(talker, expectsOpus: false, totalFrames);
                churnSockets.Add(socket);
                state.Sockets.Add(socket);
            }

            groups.Add(state);
        }

        using var receiver = new ListenerSet([.. stable, .. churnSockets], payloads);
        receiver.Start();
        foreach (var state in groups)
        {
            state.AddRound(connector);
        }

        var warmFrames = (long)(options.WarmupSeconds * 50);
        receiver.TimedFromFrame = warmFrames;

        // 50 ticks a second: ticks 0-24 talker A, 25-49 silence, 50-74 talker B, 75-99 silence.
        using var clock = new TalkerClock(talkers, tick => (tick % 50) < 25 ? (int)(tick / 50 % 2) : -1);
        var pid = Environment.ProcessId;
        var threads0 = ThreadCpu.ByName(pid);
        var runStart = Stopwatch.GetTimestamp();
        clock.Start();
        log($"{options.Groups} groups: 2 alternating talkers, {options.OpusListeners} stable and {churnPerGroup} churning listeners each, {options.Seconds} s");
        long added = 0, removed = 0;
        var churnTimes = new DelayHistogram(100_000);
        var nextChurn = 1.0;
        while (Stopwatch.GetElapsedTime(runStart).TotalSeconds < options.Seconds)
        {
            Thread.Sleep(20);
            if (Stopwatch.GetElapsedTime(runStart).TotalSeconds < nextChurn)
            {
                continue;
            }

            nextChurn += 1;
            var t0 = Stopwatch.GetTimestamp();
            foreach (var state in groups)
            {
                removed += state.RemoveRound(connector);
                added += state.AddRound(connector);
            }

            churnTimes.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds / Math.Max(1, 2 * churnPerGroup * groups.Count));
        }

        clock.Stop();
        var byThread = ThreadCpu.Delta(threads0, ThreadCpu.ByName(pid));
        var windowSeconds = Stopwatch.GetElapsedTime(runStart).TotalSeconds;
        Thread.Sleep(1000);

        long expected = 0, got = 0, duplicates = 0;
        foreach (var listener in stable)
        {
            var sent = listener.Talker!.Sent;
            expected += sent - warmFrames;
            got += listener.CountReceived(warmFrames, sent);
            duplicates += listener.Duplicates;
        }

        var churnReceived = churnSockets.Sum(l => l.Received);
        StopAll(connector);
        receiver.Dispose();
        foreach (var disposable in stable.Concat(churnSockets).Cast<IDisposable>().Concat(talkers))
        {
            disposable.Dispose();
        }

        foreach (var state in groups)
        {
            switchboard.RemoveTalkGroup(new TalkGroupId(state.Group));
        }

        var gatewayCpu = byThread.Where(t => t.Key.StartsWith("rtp-", StringComparison.Ordinal) || t.Key.StartsWith(".NET", StringComparison.Ordinal)).Sum(t => t.Value);
        var result = new
        {
            Preset = "churn",
            MachineCores = Environment.ProcessorCount,
            LoadAverage = File.ReadAllText("/proc/loadavg").Trim(),
            options.Groups,
            StableListenersPerGroup = options.OpusListeners,
            ChurnPerGroupPerSecond = churnPerGroup,
            WindowSeconds = windowSeconds,
            EndpointsAdded = added,
            EndpointsRemoved = removed,
            FloorChanges = talkers.Count * (long)(windowSeconds - 0.5),
            MillisecondsPerAddOrRemove = DelayFigures.From(churnTimes),
            ExpectedAfterWarmup = expected,
            ReceivedAfterWarmup = got,
            LossPercent = expected == 0 ? 0 : 100.0 * (expected - got) / expected,
            Duplicates = duplicates,
            ChurnListenersReceived = churnReceived,
            Delay = DelayFigures.From(receiver.PassThroughDelay),
            GatewayThreadsCpuSeconds = gatewayCpu,
            CpuByThread = byThread,
        };
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"=== churn: {options.Groups} groups, 2 talkers taking turns (floor change every second), {options.OpusListeners} stable + {churnPerGroup}/s churning PCMU listeners per group, {windowSeconds:F0} s (in-process gateway) ==="));
        Console.WriteLine(string.Create(c, $"  machine                                      {result.MachineCores} cores, loadavg {result.LoadAverage} (shared machine)"));
        Console.WriteLine(string.Create(c, $"  endpoints added / removed during the run      {added:N0} / {removed:N0}  (ms per add or remove, per churn round: {result.MillisecondsPerAddOrRemove})"));
        Console.WriteLine(string.Create(c, $"  floor changes (talker turns)                 ≈ {result.FloorChanges:N0}"));
        Console.WriteLine(string.Create(c, $"  loss after warm-up (stable listeners)        {result.LossPercent:F3} %  ({expected - got:N0} of {expected:N0}), duplicates {duplicates}"));
        Console.WriteLine(string.Create(c, $"  delay talker→listener ms                     {result.Delay}"));
        Console.WriteLine(string.Create(c, $"  packets at churning listeners                {churnReceived:N0}"));
        Console.WriteLine(string.Create(c, $"  gateway threads CPU                          {gatewayCpu:F2} s in {windowSeconds:F1} s = {100 * gatewayCpu / windowSeconds / Environment.ProcessorCount:F1} % of the machine"));
        Console.WriteLine(string.Create(c, $"  CPU s by thread                              {string.Join(", ", byThread.Take(6).Select(t => $"{t.Key} {t.Value:F2}"))}"));
        return after =>
        {
            Console.WriteLine(string.Create(c, $"  before (1 warm endpoint came and went)       {before}"));
            Console.WriteLine(string.Create(c, $"  after everything was removed                 {after}"));
            var leaks = after.Leaks(before);
            Console.WriteLine("  leak check                                   " + (leaks.Count == 0 ? "none: threads, sockets, managed heap and endpoints back to the baseline" : string.Join("; ", leaks)));
            if (options.JsonFile is { } json)
            {
                File.WriteAllText(json, JsonSerializer.Serialize(new { Result = result, Before = before, After = after, Leaks = leaks }, new JsonSerializerOptions { WriteIndented = true }));
                Console.WriteLine($"JSON written to {json}");
            }

            return leaks.Count == 0;
        };
    }

    private static RtpEndpointOptions Options(string id, string group, int port, int? remotePort, string priority) => new()
    {
        Id = id,
        TalkGroup = group,
        Listen = $"127.0.0.1:{port}",
        Remote = remotePort is { } r ? $"127.0.0.1:{r}" : null,
        Codec = "pcmu",
        PayloadType = 0,
        Priority = priority,
        JitterMinMs = 0,
    };

    private static void StopAll(RtpConnector connector)
    {
        foreach (var endpoint in connector.Endpoints)
        {
            connector.RemoveEndpointAsync(endpoint.Id.Value).GetAwaiter().GetResult();
        }
    }

    /// <summary>One group's churning listeners: endpoint ids in the gateway for each harness socket, and free ports.</summary>
    private sealed class ChurnGroup(string group, List<int> freePorts)
    {
        private readonly Queue<int> _free = new(freePorts);
        private readonly Dictionary<Listener, (string Id, int Port)> _live = [];
        private int _serial;

        public string Group { get; } = group;

        public List<Listener> Sockets { get; } = [];

        public int AddRound(RtpConnector connector)
        {
            var added = 0;
            foreach (var socket in Sockets)
            {
                if (_live.ContainsKey(socket))
                {
                    continue;
                }

                var port = _free.Dequeue();
                var id = $"{Group}-churn-{++_serial}";
                connector.AddEndpoint(Options(id, Group, port, socket.EndPoint.Port, "normal"));
                _live[socket] = (id, port);
                added++;
            }

            return added;
        }

        public int RemoveRound(RtpConnector connector)
        {
            var removed = 0;
            foreach (var (socket, (id, port)) in _live.ToList())
            {
                if (connector.RemoveEndpointAsync(id).GetAwaiter().GetResult())
                {
                    removed++;
                }

                _live.Remove(socket);
                _free.Enqueue(port);
            }

            return removed;
        }
    }

    /// <summary>What must come back to its baseline once every endpoint is gone.</summary>
    private sealed record Footprint(int Threads, int Sockets, long ManagedBytes, int ConnectorEndpoints, int SwitchboardEndpoints, long PacketsCreated)
    {
        public static Footprint Take(RtpConnector connector, Switchboard switchboard)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var sockets = 0;
            foreach (var fd in Directory.GetFiles("/proc/self/fd"))
            {
                try
                {
                    sockets += new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true ? 1 : 0;
                }
                catch (IOException)
                {
                    // closed while listing
                }
            }

            return new Footprint(
                (int)ProcStat.Threads(Environment.ProcessId),
                sockets,
                GC.GetTotalMemory(forceFullCollection: true),
                connector.Endpoints.Count,
                switchboard.Endpoints.Count,
                MediaPacketPool.Shared.Created);
        }

        public List<string> Leaks(Footprint baseline)
        {
            var leaks = new List<string>();
            if (ConnectorEndpoints != 0 || SwitchboardEndpoints != 0)
            {
                leaks.Add($"{ConnectorEndpoints} connector / {SwitchboardEndpoints} switchboard endpoints left");
            }

            // Thread pool threads come and go on their own; a leaked receive/play-out thread per endpoint would be hundreds.
            if (Threads > baseline.Threads + 8)
            {
                leaks.Add($"threads {baseline.Threads} -> {Threads}");
            }

            // The harness's own sockets are closed by now; the gateway's must be too.
            if (Sockets > baseline.Sockets)
            {
                leaks.Add($"sockets {baseline.Sockets} -> {Sockets}");
            }

            if (ManagedBytes > baseline.ManagedBytes + (8L << 20))
            {
                leaks.Add($"managed heap {baseline.ManagedBytes / 1048576.0:F1} -> {ManagedBytes / 1048576.0:F1} MB");
            }

            return leaks;
        }

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Threads} threads, {Sockets} sockets, managed {ManagedBytes / 1048576.0:F1} MB, endpoints {ConnectorEndpoints}/{SwitchboardEndpoints}, media packets created {PacketsCreated:N0}");
    }
}

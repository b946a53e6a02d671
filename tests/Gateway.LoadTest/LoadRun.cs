using System.Diagnostics;
using System.Net;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.LoadTest;

/// <summary>One harness run: raw baseline, gateway start, paced talkers, measurement window, raw baseline again.</summary>
internal static class LoadRun
{
    public static LoadReport Execute(HarnessOptions options)
    {
        var totalFrames = (int)(options.Seconds * 50) + 500;
        var log = (string text) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");
        CodecFactory? codecs = null;
        var opusTalkers = !options.TalkerPcmu;
        var transcoding = options.TalkerPcmu && options.OpusListeners > 0;
        if (opusTalkers || transcoding)
        {
            codecs = new CodecFactory();
            log($"Opus test frames encoded / transcoded frames decoded with {codecs.OpusImplementation} {codecs.OpusVersion}");
        }

        var payloads = new TestPayloads(opusTalkers ? Math.Min(totalFrames, 3000) : 0, codecs);
        if (transcoding)
        {
            // The transcoded frames' identity is their tone: prove it survives this build's codec chain before measuring.
            var (identified, checkedFrames) = FrameToneCheck.Run(codecs!, payloads);
            log($"frame tone check (G.711 decode, Opus 32 kbit/s encode/decode, tone detection): {identified} of {checkedFrames} frames identified");
            if (identified != checkedFrames)
            {
                throw new InvalidOperationException($"the frame tone identity did not survive the codec chain ({identified} of {checkedFrames} frames): transcoded loss would not be provable");
            }
        }

        var gatewayPorts = PortAllocator.EvenPairs(options.Groups * (1 + options.ListenersPerGroup));
        var talkers = new List<Talker>();
        var listeners = new List<Listener>();
        var groups = new List<object>();
        var endpoints = new List<object>();
        var portIndex = 0;
        for (var g = 0; g < options.Groups; g++)
        {
            var groupId = $"load-{g + 1}";
            groups.Add(new { Id = groupId, Name = $"Load group {g + 1}", HangTimeMs = 500, MaxTransmitSeconds = 0, QueueRequests = false, Record = false });
            var talkerPort = gatewayPorts[portIndex++];
            var talker = new Talker(g, options.TalkerPcmu, new IPEndPoint(IPAddress.Loopback, talkerPort), totalFrames, payloads);
            talkers.Add(talker);
            endpoints.Add(new
            {
                Id = $"talker-{g + 1}",
                TalkGroup = groupId,
                Listen = $"127.0.0.1:{talkerPort}",
                Codec = options.TalkerPcmu ? "pcmu" : "opus",
                PayloadType = options.TalkerPcmu ? 0 : 111,
                options.JitterMinMs,
            });
            for (var l = 0; l < options.ListenersPerGroup; l++)
            {
                var opus = l < options.OpusListeners;
                var listener = new Listener(talker, opus, totalFrames);
                // A capture costs ~140 bytes per frame: a long soak tracks one transcoded Opus listener per group.
                if (opus && options.TalkerPcmu && (l == 0 || totalFrames <= 5000))
                {
                    listener.Capture = new OpusCapture(totalFrames);
                }
                else if (!opus && options.TalkerPcmu && l == options.OpusListeners)
                {
                    listener.ArrivalLog = new FrameArrivals(totalFrames);
                }

                listener.GatewayPort = gatewayPorts[portIndex];
                listeners.Add(listener);
                endpoints.Add(new
                {
                    Id = $"listener-{g + 1}-{l + 1}",
                    TalkGroup = groupId,
                    Listen = $"127.0.0.1:{gatewayPorts[portIndex++]}",
                    Remote = $"127.0.0.1:{listener.EndPoint.Port}",
                    Codec = opus ? "opus" : "pcmu",
                    PayloadType = opus ? 111 : 0,
                });
            }
        }

        using var receiver = new ListenerSet(listeners, payloads);
        receiver.Start();
        var samplePacket = new byte[1500];
        var sampleLength = opusTalkers
            ? RtpPacketWriter.Write(samplePacket, false, 111, 1, 960, 1234, payloads.Opus(0))
            : RtpPacketWriter.Write(samplePacket, false, 0, 1, 160, 1234, new byte[TestPayloads.PcmuBytes]);
        log($"raw loopback baseline: {options.RawSeconds} s to {listeners.Count} sockets, {sampleLength}-byte packets");
        var rawBefore = RawBaseline.Run(listeners, receiver, samplePacket.AsSpan(0, sampleLength), options.RawSeconds);
        log($"raw loopback baseline with a socket per destination (as the gateway sends): {options.RawSeconds} s");
        var rawPerSocket = RawBaseline.Run(listeners, receiver, samplePacket.AsSpan(0, sampleLength), options.RawSeconds, RawSendMode.SocketPerDestination);
        log($"raw loopback baseline batched with sendmmsg ({Native.MaxBatch} per call): {options.RawSeconds} s");
        var rawBatched = RawBaseline.Run(listeners, receiver, samplePacket.AsSpan(0, sampleLength), options.RawSeconds, RawSendMode.Batched);
        log($"raw loopback baseline paced like the gateway (a round to every listener each 20 ms): {options.RawSeconds} s");
        var rawPaced = RawBaseline.Run(listeners, receiver, samplePacket.AsSpan(0, sampleLength), options.RawSeconds, RawSendMode.PacedRounds);
        foreach (var listener in listeners)
        {
            listener.Received = 0;
            listener.Unresolved = 0;
            listener.Foreign = 0;
        }

        var metricsUrl = $"http://127.0.0.1:{PortAllocator.FreeTcp()}";
        var configuration = new Dictionary<string, object>
        {
            ["Serilog"] = new { MinimumLevel = new { Default = "Warning" } },
            ["Gateway"] = new
            {
                NodeName = "load-test",
                Grpc = new { Listen = $"http://127.0.0.1:{PortAllocator.FreeTcp()}", MetricsListen = metricsUrl },
                Recording = new { Enabled = false },
                TalkGroups = groups,
                Units = Array.Empty<object>(),
                Connectors = new { Rtp = endpoints },
            },
        };
        var dll = options.GatewayDll ?? GatewayProcess.DefaultDll();
        log($"starting {dll} with {options.Groups} group(s), {endpoints.Count} RTP endpoints");
        using var gateway = GatewayProcess.Start(dll, configuration);
        var startedAt = Stopwatch.GetTimestamp();
        gateway.WaitUntilBound(gatewayPorts, TimeSpan.FromSeconds(180));
        var startupSeconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        log($"gateway pid {gateway.Pid} bound all ports in {startupSeconds:F1} s; measuring idle cost for 3 s");
        var metricsUri = new Uri(metricsUrl + "/metrics");
        _ = MetricsScrape.Read(metricsUri); // the first reading compiles the exporter's code: keep that out of the idle figures
        Thread.Sleep(1000);
        if (gateway.HasExited)
        {
            // All ports looked bound, but some by another program on this shared machine: the gateway could not bind them.
            throw new InvalidOperationException($"the gateway exited right after start; see {gateway.Directory}/gateway.out");
        }

        var idleAllocated0 = MetricsScrape.Read(metricsUri)?.Sum(RuntimeFigures.AllocatedMetric);
        var idleThreads0 = ThreadCpu.ByName(gateway.Pid);
        var idleCpu0 = ProcStat.CpuSeconds(gateway.Pid);
        var idleT0 = Stopwatch.GetTimestamp();
        Thread.Sleep(3000);
        var idleSeconds = Stopwatch.GetElapsedTime(idleT0).TotalSeconds;
        var idleCpuRate = (ProcStat.CpuSeconds(gateway.Pid) - idleCpu0) / idleSeconds;
        var idleByThread = ThreadCpu.Delta(idleThreads0, ThreadCpu.ByName(gateway.Pid));
        var idleRss = ProcStat.RssBytes(gateway.Pid);
        var idleAllocationRate = (MetricsScrape.Read(metricsUri)?.Sum(RuntimeFigures.AllocatedMetric) - idleAllocated0) / idleSeconds;

        var warmFrames = (long)(options.WarmupSeconds * 50);
        receiver.TimedFromFrame = warmFrames;
        using var clock = new TalkerClock(talkers);
        clock.Start();
        var runStart = Stopwatch.GetTimestamp();
        log($"talkers running for {options.Seconds} s");
        WaitUntil(runStart, options.WarmupSeconds);
        var windowThreads = ThreadCpu.ByName(gateway.Pid);
        var runtimeAtStart = MetricsScrape.Read(metricsUri);
        var window = new WindowMark(receiver.Received, ProcStat.CpuSeconds(gateway.Pid), Stopwatch.GetTimestamp());
        var samples = new List<Sample>();
        var lastSample = new WindowMark(window.Received, window.Cpu, window.Timestamp);
        var lastHistogram = receiver.PassThroughDelay.Snapshot();
        while (Stopwatch.GetElapsedTime(runStart).TotalSeconds < options.Seconds)
        {
            Thread.Sleep(200);
            if (gateway.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited during the run; see {gateway.Directory}/gateway.out");
            }

            if (options.SampleSeconds > 0 && Stopwatch.GetElapsedTime(lastSample.Timestamp).TotalSeconds >= options.SampleSeconds)
            {
                var now = new WindowMark(receiver.Received, ProcStat.CpuSeconds(gateway.Pid), Stopwatch.GetTimestamp());
                var histogram = receiver.PassThroughDelay.Snapshot();
                var interval = histogram.Minus(lastHistogram);
                var seconds = (now.Timestamp - lastSample.Timestamp) / (double)Stopwatch.Frequency;
                var sample = new Sample(
                    Math.Round(Stopwatch.GetElapsedTime(runStart).TotalSeconds),
                    ProcStat.RssBytes(gateway.Pid) / 1048576.0,
                    100 * (now.Cpu - lastSample.Cpu) / seconds,
                    (now.Received - lastSample.Received) / seconds,
                    interval.PercentileMs(0.5),
                    interval.PercentileMs(0.99));
                samples.Add(sample);
                log($"sample t={sample.ElapsedSeconds}s rss={sample.RssMb:F1} MB cpu={sample.CpuPercentOfOneCore:F0}% rx={sample.PacketsPerSecond:F0}/s p50={sample.P50Ms:F2} ms p99={sample.P99Ms:F2} ms");
                lastSample = now;
                lastHistogram = histogram;
            }
        }

        var queues = GatewayProcess.ReceiveQueues();
        var talkerPorts = Enumerable.Range(0, options.Groups).Select(g => gatewayPorts[g * (1 + options.ListenersPerGroup)]).ToList();
        var queueFigures = new QueueFigures(
            listeners.Sum(l => queues.GetValueOrDefault(l.EndPoint.Port)),
            listeners.Max(l => queues.GetValueOrDefault(l.EndPoint.Port)),
            talkerPorts.Sum(p => queues.GetValueOrDefault(p)),
            talkerPorts.Max(p => queues.GetValueOrDefault(p)));
        var end = new WindowMark(receiver.Received, ProcStat.CpuSeconds(gateway.Pid), Stopwatch.GetTimestamp());
        var windowByThread = ThreadCpu.Delta(windowThreads, ThreadCpu.ByName(gateway.Pid));
        var runtimeAtEnd = MetricsScrape.Read(metricsUri);
        clock.Stop();
        var runtime = runtimeAtStart is null || runtimeAtEnd is null ? null : RuntimeFigures.Between(runtimeAtStart, runtimeAtEnd);
        var rss = ProcStat.RssBytes(gateway.Pid);
        var threads = ProcStat.Threads(gateway.Pid);
        var sentFrames = talkers.Min(t => t.Sent);
        Thread.Sleep(1500); // packets in flight and in jitter buffers reach the listeners
        var drops = MetricsScrape.Read(metricsUri)?.DropsByReason();
        var resolveStart = Stopwatch.GetTimestamp();
        var resolver = transcoding ? receiver.ResolveTranscoded(codecs!) : null;
        if (resolver is not null)
        {
            log($"transcoded packets identified in {Stopwatch.GetElapsedTime(resolveStart).TotalSeconds:F1} s ({resolver.Decoded:N0} Opus decodes)");
        }

        var passThrough = StreamFigures.Of(listeners.Where(l => !(l.ExpectsOpus && l.Talker!.Pcmu)), warmFrames, null);
        var transcoded = StreamFigures.Of(listeners.Where(l => l.Capture is not null), warmFrames, resolver);
        var losses = LossBreakdown.Of(listeners.Where(l => !(l.ExpectsOpus && l.Talker!.Pcmu) || l.Capture is not null), warmFrames);
        var totalOut = listeners.Sum(l => l.Received);
        var foreign = listeners.Sum(l => l.Foreign);
        var expected = passThrough.Expected + transcoded.Expected;
        var got = passThrough.Received + transcoded.Received;
        var totalIn = talkers.Sum(t => t.Sent);
        gateway.Dispose();
        log("gateway stopped; raw loopback baseline again");
        var rawAfter = RawBaseline.Run(listeners, receiver, samplePacket.AsSpan(0, sampleLength), options.RawSeconds);
        foreach (var disposable in listeners.Cast<IDisposable>().Concat(talkers))
        {
            disposable.Dispose();
        }

        if (!options.Keep)
        {
            TryDelete(gateway.Directory);
        }

        var windowSeconds = (end.Timestamp - window.Timestamp) / (double)Stopwatch.Frequency;
        var forwarded = end.Received - window.Received;
        var cpu = end.Cpu - window.Cpu;
        return new LoadReport
        {
            Preset = options.Preset,
            Groups = options.Groups,
            Talker = options.TalkerPcmu ? "pcmu" : "opus",
            OpusListenersPerGroup = options.OpusListeners,
            PcmuListenersPerGroup = options.PcmuListeners,
            Listeners = listeners.Count,
            Seconds = options.Seconds,
            WindowSeconds = windowSeconds,
            TalkerJitterMinMs = options.JitterMinMs,
            MachineCores = Environment.ProcessorCount,
            LoadAverage = File.ReadAllText("/proc/loadavg").Trim(),
            GatewayStartupSeconds = startupSeconds,
            PacketsIn = totalIn,
            PacketsOut = totalOut,
            ExpectedAfterWarmup = expected,
            ReceivedAfterWarmup = got,
            LossPercent = expected == 0 ? 0 : 100.0 * (expected - got) / expected,
            Duplicates = passThrough.Duplicates + transcoded.Duplicates,
            Unresolved = passThrough.Unresolved + transcoded.Unresolved,
            PassThrough = passThrough,
            Transcoded = transcoding ? transcoded : null,
            ForeignDatagrams = foreign,
            Losses = losses,
            TalkerLateTicks = clock.LateTicks,
            SentFramesPerTalker = sentFrames,
            DelayPassThrough = DelayFigures.From(receiver.PassThroughDelay),
            DelayTranscoded = transcoding ? DelayFigures.From(receiver.TranscodedDelay) : null,
            ForwardedPerSecond = forwarded / windowSeconds,
            GatewayCpuSeconds = cpu,
            GatewayCpuPercentOfMachine = 100 * cpu / windowSeconds / Environment.ProcessorCount,
            GatewayIdleCpuPercentOfOneCore = 100 * idleCpuRate,
            CpuSecondsPer1000Packets = forwarded == 0 ? double.NaN : cpu * 1000 / forwarded,
            CpuSecondsPer1000PacketsNetOfIdle = forwarded == 0 ? double.NaN : Math.Max(0, cpu - (idleCpuRate * windowSeconds)) * 1000 / forwarded,
            GatewayRssMb = rss / 1048576.0,
            GatewayIdleRssMb = idleRss / 1048576.0,
            GatewayThreads = threads,
            RawBefore = rawBefore,
            RawAfter = rawAfter,
            RawSocketPerDestination = rawPerSocket,
            RawBatched = rawBatched,
            RawPaced = rawPaced,
            Samples = samples,
            IdleCpuByThread = idleByThread,
            Runtime = runtime,
            GatewayIdleAllocatedBytesPerSecond = idleAllocationRate ?? double.NaN,
            GatewayDropsByReason = drops,
            ReceiveQueuesAtEnd = queueFigures,
            WindowCpuByThread = windowByThread,
        };
    }

    private static void WaitUntil(long start, double seconds)
    {
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
        {
            Thread.Sleep(20);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held open by a dying process: leave the temp directory behind.
        }
    }

    private sealed record WindowMark(long Received, double Cpu, long Timestamp);
}

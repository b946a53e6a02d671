using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Gateway.LoadTest;

/// <summary>
/// The idle cost of configured endpoints: a gateway with N silent RTP endpoints against a reference gateway with one,
/// both measured idle: RSS, threads, CPU and (with dotnet-gcdump) the managed heap after a full GC, per endpoint.
/// </summary>
internal static class IdleRun
{
    public static int Execute(HarnessOptions options)
    {
        var log = (string text) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");
        var gcdump = options.DotnetGcdump ?? FindOnPath("dotnet-gcdump");
        log(gcdump is null ? "dotnet-gcdump not found: no managed heap figures (pass --dotnet-gcdump PATH)" : $"managed heap from {gcdump}");
        var dll = options.GatewayDll ?? GatewayProcess.DefaultDll();
        var reference = Measure(dll, 1, options.RtcpMux, gcdump, log);
        var loaded = Measure(dll, options.OpusListeners + 1, options.RtcpMux, gcdump, log);
        var extra = loaded.Endpoints - reference.Endpoints;
        var result = new
        {
            Preset = "idle",
            options.RtcpMux,
            MachineCores = Environment.ProcessorCount,
            LoadAverage = File.ReadAllText("/proc/loadavg").Trim(),
            Reference = reference,
            Loaded = loaded,
            RssBytesPerEndpoint = (loaded.RssBytes - reference.RssBytes) / (double)extra,
            ManagedBytesPerEndpoint = loaded.ManagedHeapBytes is { } h && reference.ManagedHeapBytes is { } r ? (h - r) / (double)extra : (double?)null,
            ThreadsPerEndpoint = (loaded.Threads - reference.Threads) / (double)extra,
            IdleCpuPercentOfCorePerEndpoint = (loaded.IdleCpuPercentOfOneCore - reference.IdleCpuPercentOfOneCore) / extra,
        };
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"=== idle: {loaded.Endpoints} idle RTP endpoints{(options.RtcpMux ? " (rtcp-mux, 1 socket each)" : " (2 sockets each)")} vs a reference gateway with {reference.Endpoints} ==="));
        Console.WriteLine(string.Create(c, $"  machine                        {result.MachineCores} cores, loadavg {result.LoadAverage} (shared machine)"));
        foreach (var m in new[] { reference, loaded })
        {
            Console.WriteLine(string.Create(c, $"  {m.Endpoints,5} endpoints: RSS {m.RssBytes / 1048576.0:F1} MB, managed heap {(m.ManagedHeapBytes is { } b ? (b / 1048576.0).ToString("F1", c) + " MB" : "n/a")}, {m.Threads} threads, idle CPU {m.IdleCpuPercentOfOneCore:F1} % of a core, startup {m.StartupSeconds:F1} s"));
        }

        Console.WriteLine(string.Create(c, $"  per endpoint                   RSS {result.RssBytesPerEndpoint / 1024:F1} KB, managed {(result.ManagedBytesPerEndpoint is { } mb ? (mb / 1024).ToString("F1", c) + " KB" : "n/a")}, {result.ThreadsPerEndpoint:F2} threads, {result.IdleCpuPercentOfCorePerEndpoint:F3} % of a core"));
        if (options.JsonFile is { } json)
        {
            File.WriteAllText(json, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"JSON written to {json}");
        }

        return 0;
    }

    private static IdleMeasurement Measure(string dll, int endpoints, bool rtcpMux, string? gcdump, Action<string> log)
    {
        // Two sockets per endpoint without RTCP multiplexing: 10,000 of them need more descriptors than many hosts allow.
        var ports = rtcpMux ? PortAllocator.Singles(endpoints) : PortAllocator.EvenPairs(endpoints);
        var rtp = ports.Select((port, i) => new
        {
            Id = $"idle-{i + 1}",
            TalkGroup = "idle",
            Listen = $"127.0.0.1:{port}",
            Remote = "127.0.0.1:9",
            Codec = "opus",
            PayloadType = 111,
            RtcpMux = rtcpMux,
        }).ToList();
        var configuration = new Dictionary<string, object>
        {
            ["Serilog"] = new { MinimumLevel = new { Default = "Warning" } },
            ["Gateway"] = new
            {
                NodeName = "load-test",
                Grpc = new { Listen = $"http://127.0.0.1:{PortAllocator.FreeTcp()}" },
                Recording = new { Enabled = false },
                TalkGroups = new[] { new { Id = "idle", Name = "Idle", MaxTransmitSeconds = 0, Record = false } },
                Units = Array.Empty<object>(),
                Connectors = new { Rtp = rtp },
            },
        };
        log($"starting a gateway with {endpoints} idle endpoint(s)");
        using var gateway = GatewayProcess.Start(dll, configuration);
        var started = Stopwatch.GetTimestamp();
        gateway.WaitUntilBound(ports, TimeSpan.FromSeconds(300));
        var startup = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Thread.Sleep(3000);
        var cpu0 = ProcStat.CpuSeconds(gateway.Pid);
        var t0 = Stopwatch.GetTimestamp();
        Thread.Sleep(5000);
        var cpuRate = (ProcStat.CpuSeconds(gateway.Pid) - cpu0) / Stopwatch.GetElapsedTime(t0).TotalSeconds;
        long? heap = gcdump is null ? null : ManagedHeap(gcdump, gateway.Pid, gateway.Directory, log);
        var measurement = new IdleMeasurement(endpoints, startup, ProcStat.RssBytes(gateway.Pid), heap, ProcStat.Threads(gateway.Pid), 100 * cpuRate);
        var directory = gateway.Directory;
        gateway.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // left behind in /tmp
        }

        return measurement;
    }

    /// <summary>Total managed heap after the full GC that dotnet-gcdump triggers (sum of its report's size column).</summary>
    private static long? ManagedHeap(string gcdump, int pid, string directory, Action<string> log)
    {
        var file = Path.Combine(directory, "idle.gcdump");
        Run(gcdump, ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file]);
        if (!File.Exists(file))
        {
            log("dotnet-gcdump collect produced no file");
            return null;
        }

        var report = Run(gcdump, ["report", file]);
        File.WriteAllText(Path.Combine(directory, "..", $"gateway-idle-{pid}.gcdump.txt"), report);
        foreach (var line in report.Split('\n'))
        {
            // The report starts with "   9,458,880  GC Heap bytes", then the per-type rows.
            var first = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (first is not null && line.Contains("GC Heap bytes", StringComparison.Ordinal) && long.TryParse(first, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var bytes))
            {
                return bytes;
            }
        }

        log("dotnet-gcdump report had no 'GC Heap bytes' line");
        return null;
    }

    private static string Run(string tool, string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output + stderr.Result;
    }

    private static string? FindOnPath(string name)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>One idle gateway's figures.</summary>
internal sealed record IdleMeasurement(int Endpoints, double StartupSeconds, long RssBytes, long? ManagedHeapBytes, long Threads, double IdleCpuPercentOfOneCore);

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Gateway.LoadTest;

/// <summary>The real gateway (Gateway.Host.dll) as a child process with a generated configuration in a temp directory.</summary>
internal sealed partial class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _disposed;

    private GatewayProcess(Process process, StreamWriter log, string directory)
    {
        _process = process;
        _log = log;
        Directory = directory;
    }

    public int Pid => _process.Id;

    public string Directory { get; }

    public bool HasExited => _process.HasExited;

    public static string DefaultDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Gateway.sln not found above the harness; pass --gateway-dll");
        }

        // The gateway built in the harness's own configuration (bin/<Configuration>/net10.0), Release unless run from Debug.
        var configuration = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        return Path.Combine(dir.FullName, "src", "Gateway.Host", "bin", configuration, "net10.0", "Gateway.Host.dll");
    }

    public static GatewayProcess Start(string dll, object configuration)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} does not exist: build src/Gateway.Host in the same configuration first or pass --gateway-dll", dll);
        }

        var directory = Path.Combine(Path.GetTempPath(), "gateway-load-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var configFile = Path.Combine(directory, "gateway.json");
        File.WriteAllText(configFile, JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = true }));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configFile);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var log = new StreamWriter(Path.Combine(directory, "gateway.out")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new GatewayProcess(process, log, directory);
    }

    /// <summary>
    /// Waits until every given UDP port is bound, read from /proc/net/udp (probing by binding would race the gateway's own
    /// bind and make it fail with AddressInUse).
    /// </summary>
    public void WaitUntilBound(IReadOnlyList<int> ports, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with code {_process.ExitCode}; see {Path.Combine(Directory, "gateway.out")}");
            }

            var bound = BoundLoopbackUdpPorts();
            var missing = ports.Count(p => !bound.Contains(p));
            if (missing == 0)
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"the gateway had not bound {missing} of {ports.Count} endpoint ports after {timeout.TotalSeconds} s");
            }

            Thread.Sleep(250);
        }
    }

    /// <summary>Bytes waiting in each 127.0.0.1 UDP socket's receive queue (/proc/net/udp rx_queue), by local port.</summary>
    public static Dictionary<int, long> ReceiveQueues()
    {
        var result = new Dictionary<int, long>();
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue ...
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 4 && fields[1].StartsWith("0100007F:", StringComparison.Ordinal))
            {
                var port = int.Parse(fields[1].AsSpan(9), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                var rx = long.Parse(fields[4].AsSpan(fields[4].IndexOf(':') + 1), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                result[port] = rx;
            }
        }

        return result;
    }

    private static HashSet<int> BoundLoopbackUdpPorts()
    {
        var result = new HashSet<int>();
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            // "  sl  local_address rem_address ...": local_address is HEXIP:HEXPORT, 127.0.0.1 = 0100007F.
            var local = line.TrimStart().Split(' ', 3)[1];
            if (local.StartsWith("0100007F:", StringComparison.Ordinal))
            {
                result.Add(int.Parse(local.AsSpan(9), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return result;
    }

    /// <summary>SIGTERM (a clean stop), then SIGKILL after 15 s.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, 15);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.WaitForExit();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}

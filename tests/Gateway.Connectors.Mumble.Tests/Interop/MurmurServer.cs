using System.Diagnostics;
using System.Text;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Mumble.Tests.Interop;

/// <summary>
/// A real Debian murmurd on a free loopback port with a temporary ini and SQLite database (protocols-ip.md A10).
/// Started in the foreground so the PID is murmurd's own; stopped with SIGTERM. Can be killed and restarted on the same port.
/// </summary>
public sealed class MurmurServer : IAsyncDisposable
{
    public const string SuperUserPassword = "super-secret-7";

    private readonly string _binary;
    private readonly string _directory;
    private readonly string _ini;
    private Process? _process;
    private readonly StringBuilder _log = new();

    private MurmurServer(string binary, string directory, int port)
    {
        _binary = binary;
        _directory = directory;
        _ini = Path.Combine(directory, "murmur-test.ini");
        Port = port;
    }

    public int Port { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<MurmurServer> StartAsync(int timeoutSeconds = 20)
    {
        var binary = RequiredTool.Find("murmurd", "/usr/sbin/murmurd");
        var directory = Directory.CreateTempSubdirectory("gw-murmur-").FullName;
        var server = new MurmurServer(binary, directory, FreePort.TcpAndUdp());
        server.WriteIni();
        await server.SetSuperUserPasswordAsync(timeoutSeconds);
        await server.StartProcessAsync(timeoutSeconds);
        return server;
    }

    /// <summary>Kills the server with SIGTERM and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
        }

        process.Dispose();
    }

    /// <summary>Starts the server again on the same port with the same database (channels survive).</summary>
    public Task RestartAsync(int timeoutSeconds = 20) => StartProcessAsync(timeoutSeconds);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void WriteIni()
    {
        var root = Environment.IsPrivilegedProcess;
        var ini = $"""
            database=murmur.sqlite
            host=127.0.0.1
            port={Port}
            welcometext="Gateway test server"
            serverpassword=
            users=50
            bandwidth=72000
            timeout=30
            opusthreshold=0
            allowping=true
            certrequired=false
            bonjour=false
            registerName=
            sendversion=true
            messagelimit=50
            messageburst=100
            logfile=
            pidfile=
            {(root ? "uname=root" : string.Empty)}

            """;
        File.WriteAllText(_ini, ini);
    }

    private async Task SetSuperUserPasswordAsync(int timeoutSeconds)
    {
        using var process = Process.Start(new ProcessStartInfo(_binary, ["-ini", _ini, "-supw", SuperUserPassword])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _directory,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"murmurd -supw failed with {process.ExitCode}: {await stderr}");
        }
    }

    private async Task StartProcessAsync(int timeoutSeconds)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(_binary, ["-fg", "-ini", _ini])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = _directory,
            },
            EnableRaisingEvents = true,
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data.Contains("Server listening", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("murmurd exited before listening:\n" + Log));
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("murmurd did not report 'Server listening' in time:\n" + Log);
        }
    }
}

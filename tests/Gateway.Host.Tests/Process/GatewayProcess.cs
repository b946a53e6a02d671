using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Gateway.Tests.Shared;

namespace Gateway.Host.Tests.Process;

/// <summary>
/// The real gateway as a child process: <c>dotnet Gateway.Host.dll --config FILE</c>, started in its own working directory
/// (where its data and logs go), with stdout and stderr captured line by line.
/// </summary>
internal sealed partial class GatewayProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly SemaphoreSlim _newOutput = new(0);

    private GatewayProcess(System.Diagnostics.Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Add(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Stdout => [.. _stdout];

    public IReadOnlyList<string> Stderr => [.. _stderr];

    public int ExitCode => _process.ExitCode;

    /// <summary>The host built next to this test project, in the same configuration (Debug/Release).</summary>
    public static string HostDll
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var dll = Path.Combine(TestPaths.RepositoryRoot, "src", "Gateway.Host", "bin", configuration, framework, "Gateway.Host.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Gateway.Host is not built", dll);
        }
    }

    public static GatewayProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test's own environment must not reconfigure the child.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("Gateway__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Serilog__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key == "NOTIFY_SOCKET")
            {
                start.Environment.Remove(key);
            }
        }

        return new GatewayProcess(System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Waits for a stdout line containing <paramref name="text"/>; fails with everything printed so far.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = _stdout.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                // Let the output readers drain what the process wrote before it died.
                await _process.WaitForExitAsync(CancellationToken.None);
                line = _stdout.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
                return line ?? throw Failure($"exited with {_process.ExitCode} before printing '{text}'");
            }

            try
            {
                await _newOutput.WaitAsync(TimeSpan.FromMilliseconds(200), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw Failure($"did not print '{text}' within {timeout}");
            }
        }
    }

    /// <summary>Waits for the exit; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public Exception Failure(string what) =>
        new Xunit.Sdk.XunitException($"Gateway {what}.{Environment.NewLine}stdout:{Environment.NewLine}{string.Join(Environment.NewLine, _stdout)}"
            + $"{Environment.NewLine}stderr:{Environment.NewLine}{string.Join(Environment.NewLine, _stderr)}");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _newOutput.Dispose();
    }

    private void Add(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
            _newOutput.Release();
        }
    }

    public const int SigInt = 2;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

using System.Diagnostics;
using Gateway.Tests.Shared;

namespace Gateway.Api.Tests.Support;

/// <summary>Runs the built gatewayctl as a process against a server and returns its exit code and output.</summary>
public static class Gatewayctl
{
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string server, TimeSpan timeout, params string[] arguments)
    {
        // Same configuration as this test assembly: .../tests/Gateway.Api.Tests/bin/<Configuration>/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(TestPaths.RepositoryRoot, "src", "Gateway.Cli", "bin", configuration, "net10.0", "gatewayctl.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : RequiredTool.Find("dotnet");
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--server");
        start.ArgumentList.Add(server);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gatewayctl {string.Join(' ', arguments)} did not finish:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Gateway.Api.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Api.Tests.Alerts;

/// <summary>gatewayctl page / alerts / ack end to end: the built CLI as a separate process against the real gRPC server.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class GatewayctlAlertTests
{
    private readonly GatewayServer _server;

    public GatewayctlAlertTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Gatewayctl_PageAlertsAck_EndToEnd()
    {
        var (code, output, error) = await RunAsync("--json", "page", "--group", "alpha", "--tone", "beeps", "--text", "Fire alarm hall B");
        Assert.True(code == 0, error);
        using var paged = JsonDocument.Parse(output);
        var id = paged.RootElement[0].GetProperty("id").GetString()!;

        (code, output, error) = await RunAsync("ack", "--alert", id, "--unit", "patrol-3");
        Assert.True(code == 0, error);

        (code, output, error) = await RunAsync("alerts", id);
        Assert.True(code == 0, error);
        Assert.Contains(id, output, StringComparison.Ordinal);
        Assert.Matches(@"patrol-3\s.*grpc", output);

        (code, output, error) = await RunAsync("--json", "alerts");
        Assert.True(code == 0, error);
        Assert.Contains(id, output, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("ack", "--alert", "alert-none", "--unit", "patrol-3");
        Assert.Equal(1, code);
        Assert.Contains("NotFound", error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : RequiredTool.Find("dotnet");
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliPath());
        start.ArgumentList.Add("--server");
        start.ArgumentList.Add(_server.Address);
        start.ArgumentList.Add("--api-key");
        start.ArgumentList.Add(GatewayServer.DispatcherKey);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    // The test project builds gatewayctl (a ProjectReference without the assembly) in the same configuration.
    private static string CliPath()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(TestPaths.RepositoryRoot, "src", "Gateway.Cli", "bin", configuration, "net10.0", "gatewayctl.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        return dll;
    }
}

using System.Diagnostics;
using System.Text.Json;
using Gateway.Api.Tests.Support;
using Gateway.Tests.Shared;
using V1 = Gateway.Api.V1;

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

        (code, output, error) = await RunAsync("alerts", id, "--once");
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

    [Fact]
    public async Task GatewayctlAlerts_LiveBoard_RedrawsOnEachChangeAndExitsWhenTheAlertEnds()
    {
        var id = await PageAsync();
        using var board = StartCli("alerts", id);
        var first = await board.WaitForAsync(o => o.Contains("(live)", StringComparison.Ordinal), "the first live board");
        Assert.Contains($"alert {id}:", first, StringComparison.Ordinal);
        Assert.Matches(@"patrol-3\s.*waiting", first);

        var ack = await _server.Alerts.AcknowledgeAsync(new V1.AcknowledgeRequest { AlertId = id, UnitId = "patrol-3" }, GatewayServer.Bearer(GatewayServer.DispatcherKey));
        Assert.True(ack.First);

        Assert.True(await board.WaitForExitAsync(TimeSpan.FromSeconds(20)), "gatewayctl alerts did not exit when the alert completed:" + Environment.NewLine + board.Output);
        Assert.True(board.ExitCode == 0, board.Error);
        var boards = board.Output.Split($"alert {id}:").Length - 1;
        Assert.True(boards >= 2, $"expected the board to be redrawn, got {boards} board(s):{Environment.NewLine}{board.Output}");
        var last = board.Output[board.Output.LastIndexOf($"alert {id}:", StringComparison.Ordinal)..];
        Assert.StartsWith($"alert {id}: completed", last, StringComparison.Ordinal);
        Assert.Contains("acknowledged 1/1", last, StringComparison.Ordinal);
        Assert.Matches(@"patrol-3\s.*grpc", last);
        Assert.DoesNotContain("(live)", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayctlAlerts_CtrlCOnTheLiveBoard_ExitsWithZero()
    {
        var id = await PageAsync();
        using var board = StartCli("alerts", id);
        await board.WaitForAsync(o => o.Contains("(live)", StringComparison.Ordinal), "the live board");

        board.Interrupt();

        Assert.True(await board.WaitForExitAsync(TimeSpan.FromSeconds(10)), "gatewayctl alerts did not stop on SIGINT");
        Assert.True(board.ExitCode == 0, board.Error);
        await _server.Alerts.CancelAlertAsync(new V1.CancelAlertRequest { AlertId = id, Reason = "test done" }, GatewayServer.Bearer(GatewayServer.DispatcherKey));
    }

    [Fact]
    public async Task GatewayctlAlerts_OnceOnAnOpenAlert_PrintsTheBoardAndExits()
    {
        var id = await PageAsync();

        var (code, output, error) = await RunAsync("alerts", id, "--once");

        Assert.True(code == 0, error);
        Assert.Contains($"alert {id}:", output, StringComparison.Ordinal);
        Assert.Contains("acknowledged 0/1", output, StringComparison.Ordinal);
        await _server.Alerts.CancelAlertAsync(new V1.CancelAlertRequest { AlertId = id, Reason = "test done" }, GatewayServer.Bearer(GatewayServer.DispatcherKey));
    }

    private async Task<string> PageAsync()
    {
        var (code, output, error) = await RunAsync("--json", "page", "--group", "alpha", "--tone", "beeps", "--text", "Live board drill");
        Assert.True(code == 0, error);
        using var paged = JsonDocument.Parse(output);
        return paged.RootElement[0].GetProperty("id").GetString()!;
    }

    private CliProcess StartCli(params string[] args) =>
        new(Process.Start(StartInfo(args))!);

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private ProcessStartInfo StartInfo(string[] args)
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

        return start;
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

using System.Diagnostics;
using System.Text.Json;
using Gateway.Api.Tests.Support;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Gateway.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Cli;

/// <summary>gatewayctl position / units --near / page --near as a separate process against a real server of its own.</summary>
public sealed class GatewayctlPositionTests : IClassFixture<GatewayServer>
{
    private readonly GatewayServer _server;

    public GatewayctlPositionTests(GatewayServer server)
    {
        _server = server;
        var units = server.Services.GetRequiredService<IUnitDirectory>();
        units.Upsert(new UnitSettings(new UnitId("ctl-1"), "Ctl 1", [new TalkGroupId("bravo")], null, null, null));
        units.Upsert(new UnitSettings(new UnitId("ctl-2"), "Ctl 2", [new TalkGroupId("bravo")], null, null, null));
    }

    [Fact]
    public async Task PositionUnitsPage_Near_EndToEnd()
    {
        // About 111 m and 556 m north of the incident at 23.1375,113.3245.
        var (code, output, error) = await RunAsync("position", "ctl-1", "23.1385", "113.3245", "--accuracy", "8");
        Assert.True(code == 0, error);
        Assert.Contains("position: ctl-1 at 23.138500,113.324500 ±8 m", output, StringComparison.Ordinal);
        (code, _, error) = await RunAsync("position", "ctl-2", "23.1425", "113.3245");
        Assert.True(code == 0, error);
        (code, _, error) = await RunAsync("checkin", "--unit", "ctl-1");
        Assert.True(code == 0, error);

        (code, output, error) = await RunAsync("units", "--near", "23.1375,113.3245", "--radius", "1000");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Contains("DIST", lines[0], StringComparison.Ordinal);
        Assert.Equal(["ctl-1", "ctl-2"], lines.Skip(1).Select(l => l.Split(' ')[0]));
        Assert.Matches(@"^ctl-1\s+Ctl 1\s+on\s+111 m\s", lines[1]);

        (code, output, error) = await RunAsync("--json", "page", "--near", "23.1375,113.3245", "--radius", "1000", "--count", "3", "--text", "Smoke in hall C");
        Assert.True(code == 0, error);
        using var paged = JsonDocument.Parse(output);
        var alert = paged.RootElement[0];
        var regroup = alert.GetProperty("regroup");
        Assert.Equal(["ctl-1"], regroup.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("unitId").GetString()));

        (code, output, error) = await RunAsync("alerts", alert.GetProperty("id").GetString()!, "--once");
        Assert.True(code == 0, error);
        Assert.Contains("temporary group " + regroup.GetProperty("talkGroupId").GetString(), output, StringComparison.Ordinal);
        Assert.Matches(@"ctl-1\s+111 m", output);
    }

    [Theory]
    [InlineData("position", "ctl-1", "95", "0")]
    [InlineData("position", "ctl-1", "23.1")]
    [InlineData("units", "--radius", "100")]
    [InlineData("units", "--near", "23.1", "--radius", "100")]
    [InlineData("page", "--near", "23.1,113.3", "--count", "2")]
    [InlineData("page", "--near", "23.1,113.3", "--radius", "100")]
    public async Task Usage_BadPositionArguments_ExitTwo(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains("gatewayctl: ", error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : RequiredTool.Find("dotnet");
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        start.ArgumentList.Add(Path.Combine(TestPaths.RepositoryRoot, "src", "Gateway.Cli", "bin", configuration, "net10.0", "gatewayctl.dll"));
        foreach (var arg in (string[])["--server", _server.Address, "--api-key", GatewayServer.DispatcherKey, .. args])
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
}

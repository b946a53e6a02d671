using System.Text.Json.Nodes;
using Gateway.Host.Hosting;
using Gateway.Host.Tests.Configuration;

namespace Gateway.Host.Tests.Process;

/// <summary>The real host refuses a bad configuration: exit code 2, one line per problem on stderr, nothing started.</summary>
public sealed class ConfigurationExitTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    public static TheoryData<string, string> Examples => new()
    {
        { "duplicate-group", "Gateway:TalkGroups[1]:Id 'tianhe-1' is duplicated" },
        { "unknown-group", "Gateway:Units[0]:TalkGroups[0] 'nope' is not a configured talk group" },
        { "bad-endpoint", "Gateway:Connectors:Rtp[0]:Listen '127.0.0.1:99999' is not an IP address and port (port 1..65534; IPv6 as [::1]:port)" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Run_BadConfiguration_ExitsWithCode2AndNamesTheProblem(string example, string expected)
    {
        var configuration = SampleConfiguration.Valid();
        Break(configuration, example);

        using var gateway = GatewayProcess.Start(_workspace.Directory, "--config", _workspace.WriteConfig(configuration));

        Assert.True(await gateway.WaitForExitAsync(ExitTimeout), "the gateway did not exit");
        Assert.Equal(ExitCodes.Configuration, gateway.ExitCode);
        Assert.Equal([expected, "Gateway: the configuration has 1 problem; nothing was started (exit code 2)."], gateway.Stderr);
        Assert.DoesNotContain(gateway.Stdout, line => line.Contains("listening", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(gateway.Stdout, line => line.Contains(expected, StringComparison.Ordinal)); // stderr only, not twice on a terminal
    }

    [Fact]
    public async Task Run_SeveralProblems_PrintsEveryLineAndLogsThem()
    {
        var configuration = SampleConfiguration.Valid();
        Break(configuration, "duplicate-group");
        Break(configuration, "unknown-group");
        Break(configuration, "bad-endpoint");

        using var gateway = GatewayProcess.Start(_workspace.Directory, "--config", _workspace.WriteConfig(configuration));

        Assert.True(await gateway.WaitForExitAsync(ExitTimeout), "the gateway did not exit");
        Assert.Equal(ExitCodes.Configuration, gateway.ExitCode);
        string[] expected = [.. Examples.Select(row => (string)row[1])];
        Assert.Equal([.. expected, "Gateway: the configuration has 3 problems; nothing was started (exit code 2)."], gateway.Stderr);

        // The log file (data/logs under the working directory) records them too.
        var log = Directory.GetFiles(Path.Combine(_workspace.Directory, "data", "logs"), "gateway-*.clef").Single();
        var logged = File.ReadAllLines(log).Select(line => JsonNode.Parse(line)!).Where(e => e["Problem"] is not null).Select(e => (string)e["Problem"]!);
        Assert.Equal(expected, logged);
    }

    [Fact]
    public async Task Run_MissingConfigFile_ExitsWithCode2()
    {
        var missing = Path.Combine(_workspace.Directory, "missing.json");

        using var gateway = GatewayProcess.Start(_workspace.Directory, "--config", missing);

        Assert.True(await gateway.WaitForExitAsync(ExitTimeout), "the gateway did not exit");
        Assert.Equal(ExitCodes.Configuration, gateway.ExitCode);
        Assert.StartsWith($"--config '{missing}' does not exist", gateway.Stderr[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownArgument_ExitsWithCode2AndUsage()
    {
        using var gateway = GatewayProcess.Start(_workspace.Directory, "--conf", "x.json");

        Assert.True(await gateway.WaitForExitAsync(ExitTimeout), "the gateway did not exit");
        Assert.Equal(ExitCodes.Configuration, gateway.ExitCode);
        Assert.Equal("unknown argument '--conf'", gateway.Stderr[0]);
        Assert.Contains(gateway.Stderr, line => line.StartsWith("Usage: Gateway.Host [--config <file>]", StringComparison.Ordinal));
    }

    private static void Break(JsonObject configuration, string example)
    {
        var gateway = configuration.Gateway();
        switch (example)
        {
            case "duplicate-group":
                gateway["TalkGroups"]![1]!["Id"] = "tianhe-1";
                break;
            case "unknown-group":
                gateway["Units"]![0]!["TalkGroups"] = new JsonArray("nope");
                break;
            case "bad-endpoint":
                gateway["Connectors"]!["Rtp"]![0]!["Listen"] = "127.0.0.1:99999";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(example), example, null);
        }
    }
}

using System.Text.Json;
using Gateway.Api.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Api.Tests.Cli;

/// <summary>gatewayctl run as a process against the real server: tables, --json, exit codes, talk while monitoring to a file.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class GatewayctlTests
{
    private readonly GatewayServer _server;

    public GatewayctlTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Groups_Table_ListsConfiguredGroups()
    {
        var (code, stdout, _) = await RunAsync(TimeSpan.FromSeconds(30), "--api-key", GatewayServer.ObserverKey, "groups");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("alpha ", StringComparison.Ordinal) && l.Contains("ALPHA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Groups_Json_IsParsableArray()
    {
        var (code, stdout, _) = await RunAsync(TimeSpan.FromSeconds(30), "--api-key", GatewayServer.ObserverKey, "--json", "groups");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Contains(json.RootElement.EnumerateArray(), g => g.GetProperty("id").GetString() == "bravo");
    }

    [Fact]
    public async Task ExitCodes_UsageAndServerErrors_TwoAndOne()
    {
        var usage = await RunAsync(TimeSpan.FromSeconds(30), "--api-key", GatewayServer.ObserverKey, "talk", "--group", "alpha");
        Assert.Equal(2, usage.Code);
        Assert.Contains("--wav is required", usage.Stderr, StringComparison.Ordinal);

        var unknown = await RunAsync(TimeSpan.FromSeconds(30), "frobnicate");
        Assert.Equal(2, unknown.Code);

        var wrongKey = await RunAsync(TimeSpan.FromSeconds(30), "--api-key", "wrong", "units");
        Assert.Equal(1, wrongKey.Code);
        Assert.Contains("Unauthenticated", wrongKey.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TalkWhileMonitoring_WavRecordedToFile_SameAudio()
    {
        var output = Path.Combine(Path.GetTempPath(), $"gatewayctl-monitor-{Guid.NewGuid():N}.wav");
        var wav = TestPaths.TestDataFile("dispatch-en-48k.wav");
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            var monitor = RunAsync(TimeSpan.FromSeconds(30), "--api-key", GatewayServer.ObserverKey, "monitor", "--group", "south", "--out", output, "--seconds", "9");
            await TestWait.MonitorAttachedAsync(_server, "south", cts.Token);
            var talk = await RunAsync(TimeSpan.FromSeconds(30), "--api-key", GatewayServer.DispatcherKey, "talk", "--group", "south", "--wav", wav, "--priority", "dispatcher", "--name", "ctl");
            Assert.True(talk.Code == 0, talk.Stderr);
            Assert.Contains("floor granted", talk.Stderr, StringComparison.Ordinal);
            // The progress line reaches the whole file: "talk: south 4.7 s / 4.7 s".
            Assert.Matches(@"talk: south (\d+\.\d) s / \1 s", talk.Stderr);
            Assert.Contains("ended after", talk.Stdout, StringComparison.Ordinal);

            var monitored = await monitor;
            Assert.True(monitored.Code == 0, monitored.Stderr);
            Assert.Contains("wrote", monitored.Stdout, StringComparison.Ordinal);

            var (sent, _) = Wav.ReadMono16(wav);
            var (received, rate) = Wav.ReadMono16(output);
            Assert.Equal(48_000, rate);
            Assert.InRange(received.Length / 48.0, (sent.Length / 48.0) - 40, (sent.Length / 48.0) + 40);
            var (correlation, _) = Signals.BestCorrelation(sent, received, 0);
            Assert.True(correlation >= 0.9, $"cross-correlation {correlation:F3}");
        }
        finally
        {
            File.Delete(output);
        }
    }

    private Task<(int Code, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] arguments) =>
        Gatewayctl.RunAsync(_server.Address, timeout, arguments);
}

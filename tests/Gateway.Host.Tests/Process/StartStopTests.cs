using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Gateway.Host.Hosting;
using Gateway.Host.Tests.Configuration;
using Gateway.Tests.Shared;

namespace Gateway.Host.Tests.Process;

/// <summary>The real host starts on a valid file, serves /metrics, and stops cleanly on SIGTERM / SIGINT within 5 s.</summary>
public sealed class StartStopTests : IDisposable
{
    /// <summary>Starting a .NET process on a loaded 2-core CI machine can take a while; stopping must not.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(5);

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Run_ValidConfiguration_ListensServesMetricsAndStopsOnSigtermWithin5s()
    {
        var (grpcPort, metricsPort) = (FreePort.Tcp(), FreePort.Tcp());
        using var gateway = GatewayProcess.Start(_workspace.Directory, "--config", _workspace.WriteConfig(Configuration(grpcPort, metricsPort)));

        await gateway.WaitForOutputAsync($"gRPC listening on http://127.0.0.1:{grpcPort} (h2c, HTTP/2 only)", StartTimeout);
        await gateway.WaitForOutputAsync($"Prometheus metrics on http://127.0.0.1:{metricsPort}/metrics", StartTimeout);
        await gateway.WaitForOutputAsync($"Database: {Path.Combine(_workspace.Directory, "data", "test.db")} (sqlite)", StartTimeout);

        using var timeout = new CancellationTokenSource(StartTimeout);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", grpcPort, timeout.Token);
        }

        using var http = new HttpClient();

        // The gRPC endpoint speaks HTTP/2 without TLS (prior knowledge, as gRPC clients do): h2c works.
        using var h2c = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{grpcPort}/gateway.v1.Probe/Ping"))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using (var response = await http.SendAsync(h2c, timeout.Token))
        {
            Assert.Equal(System.Net.HttpVersion.Version20, response.Version);
        }

        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"), timeout.Token);
        Assert.Contains("gateway_talkgroups{otel_scope_name=\"Gateway\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_health_state{otel_scope_name=\"Gateway\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("service_name=\"gateway\"", metrics, StringComparison.Ordinal);
        Assert.Contains("service_instance_id=\"gw-test\"", metrics, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", metrics, StringComparison.Ordinal);

        var stopwatch = Stopwatch.StartNew();
        gateway.Signal(GatewayProcess.SigTerm);
        var exited = await gateway.WaitForExitAsync(StopBudget);
        stopwatch.Stop();

        Assert.True(exited, $"still running {StopBudget} after SIGTERM");
        Assert.Equal(ExitCodes.Ok, gateway.ExitCode);
        Assert.Contains(gateway.Stdout, line => line.Contains("Shutdown: ended 0 transmissions and 0 open calls in 3 talk groups", StringComparison.Ordinal));
        Assert.Empty(gateway.Stderr);

        // Logs were flushed: the last event of the run is in the file.
        var log = File.ReadAllLines(Directory.GetFiles(Path.Combine(_workspace.Directory, "logs"), "gateway-*.clef").Single());
        Assert.Contains(log, line => line.Contains("\"EventId\":{\"Id\":9202,\"Name\":\"FloorsClosed\"}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_CtrlC_StopsWithExitCode0()
    {
        var (grpcPort, metricsPort) = (FreePort.Tcp(), FreePort.Tcp());
        using var gateway = GatewayProcess.Start(_workspace.Directory, "--config", _workspace.WriteConfig(Configuration(grpcPort, metricsPort)));
        await gateway.WaitForOutputAsync("gRPC listening on", StartTimeout);

        gateway.Signal(GatewayProcess.SigInt);

        Assert.True(await gateway.WaitForExitAsync(StopBudget), $"still running {StopBudget} after SIGINT");
        Assert.Equal(ExitCodes.Ok, gateway.ExitCode);
    }

    [Fact]
    public async Task Run_PortInUse_ExitsWithCode1()
    {
        using var occupied = new TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var grpcPort = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;
        using var gateway = GatewayProcess.Start(_workspace.Directory, "--config", _workspace.WriteConfig(Configuration(grpcPort, FreePort.Tcp())));

        Assert.True(await gateway.WaitForExitAsync(StartTimeout), "the gateway did not exit");
        Assert.Equal(ExitCodes.Failure, gateway.ExitCode);
        Assert.Contains(gateway.Stdout, line => line.Contains("Gateway stopped:", StringComparison.Ordinal) && line.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The sample configuration without connectors (no radios or servers here), on the given ports, data in the workspace.</summary>
    private static JsonObject Configuration(int grpcPort, int metricsPort)
    {
        var root = SampleConfiguration.Valid();
        var gateway = root.Gateway();
        gateway["Grpc"]!["Listen"] = $"http://127.0.0.1:{grpcPort}";
        gateway["Grpc"]!["MetricsListen"] = $"http://127.0.0.1:{metricsPort}";
        gateway["Storage"]!["ConnectionString"] = "Data Source=data/test.db";
        gateway["Logging"] = new JsonObject { ["Directory"] = "logs" };
        gateway["Connectors"] = new JsonObject();
        return root;
    }
}

using System.Net.Sockets;
using System.Text;
using Gateway.Host.Tests.Configuration;
using Gateway.Tests.Shared;

namespace Gateway.Host.Tests.Process;

/// <summary>
/// Type=notify: under systemd the host sends READY=1 once it listens and STOPPING=1 on SIGTERM. systemd is imitated the
/// way the hosting library recognises it: the gateway runs as PID 1 of a new PID namespace (unshare, inside a user
/// namespace so no root is needed) with NOTIFY_SOCKET pointing at a datagram socket this test reads.
/// </summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Run_UnderSystemdNotifySocket_SendsReadyThenStopping()
    {
        var unshare = RequiredTool.Find("unshare");
        var socketPath = Path.Combine(_workspace.Directory, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));

        var root = SampleConfiguration.Valid();
        root.Gateway()["Grpc"]!["Listen"] = $"http://127.0.0.1:{FreePort.Tcp()}";
        root.Gateway()["Grpc"]!["MetricsListen"] = $"http://127.0.0.1:{FreePort.Tcp()}";
        root.Gateway()["Connectors"] = new System.Text.Json.Nodes.JsonObject();
        var config = _workspace.WriteConfig(root);

        using var gateway = GatewayProcess.StartWith(
            unshare,
            _workspace.Directory,
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath },
            "--user", "--map-root-user", "--pid", "--fork", "--mount-proc", "--kill-child=SIGTERM", GatewayProcess.DotnetHost, GatewayProcess.HostDll, "--config", config);

        Assert.Equal("READY=1", await ReceiveAsync(notify, gateway));
        await gateway.WaitForOutputAsync("gRPC listening on", TimeSpan.FromSeconds(30));

        // unshare --fork blocks SIGTERM while it waits: signal the gateway itself (unshare's only child), as systemd would.
        var children = await File.ReadAllTextAsync($"/proc/{gateway.Id}/task/{gateway.Id}/children");
        GatewayProcess.Signal(int.Parse(children.Trim(), System.Globalization.CultureInfo.InvariantCulture), GatewayProcess.SigTerm);

        Assert.Equal("STOPPING=1", await ReceiveAsync(notify, gateway));
        Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(5)), "still running 5 s after SIGTERM");
    }

    private static async Task<string> ReceiveAsync(Socket socket, GatewayProcess gateway)
    {
        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, length).Trim();
        }
        catch (OperationCanceledException)
        {
            throw gateway.Failure("sent no sd_notify message within 60 s");
        }
    }
}

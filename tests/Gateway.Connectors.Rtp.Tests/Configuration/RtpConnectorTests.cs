using Gateway.Audio;
using Gateway.Connectors.Rtp.Tests.Support;
using Gateway.Core;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Connectors.Rtp.Tests.Configuration;

public sealed class RtpConnectorTests
{
    [Fact]
    public async Task AddRtpConnector_WithCoreAndAudio_StartsConfiguredEndpointsAsHostedService()
    {
        var port = FreePort.UdpPair();
        var services = new ServiceCollection().AddLogging().AddGatewayCore().AddGatewayAudio()
            .AddRtpConnector([new RtpEndpointOptions { Id = "console-a", TalkGroup = "A", Listen = $"127.0.0.1:{port}", Codec = "pcmu" }]);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ISwitchboard>().UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId("A")));

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var connector = provider.GetRequiredService<RtpConnector>();
        Assert.Equal(port, connector.Find("console-a")!.LocalEndPoint.Port);
        Assert.Contains(provider.GetRequiredService<ISwitchboard>().Endpoints, e => e.Id.Value == "console-a");
        await connector.StopAsync(CancellationToken.None);
        Assert.Empty(connector.Endpoints);
    }

    [Fact]
    public void Constructor_DuplicateIdsAndBadEndpoint_FailsListingAll()
    {
        var harness = new GatewayHarness("A");
        var ex = Assert.Throws<RtpConfigurationException>(() => new RtpConnector(
            [
                new RtpEndpointOptions { Id = "a", TalkGroup = "A", Listen = "127.0.0.1:40000" },
                new RtpEndpointOptions { Id = "a", TalkGroup = "A", Listen = "127.0.0.1:40002" },
                new RtpEndpointOptions { Id = "b", TalkGroup = "A", Listen = "127.0.0.1:40004", Codec = "gsm" },
            ],
            harness.Switchboard,
            harness.Codecs));
        Assert.Contains(ex.Errors, e => e.Contains("'a' is used twice", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Gateway:Connectors:Rtp[2]:Codec", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddEndpoint_UnknownGroupOrPortInUse_ConfigurationErrorNamingTheKey()
    {
        await using var harness = new GatewayHarness("A");
        var unknown = Assert.Throws<RtpConfigurationException>(() => harness.Add("x", "no-such-group", "opus"));
        Assert.Contains(":TalkGroup 'no-such-group'", unknown.Message, StringComparison.Ordinal);

        var first = harness.Add("y", "A", "opus");
        var busy = Assert.Throws<RtpConfigurationException>(() => harness.Connector.AddEndpoint(new RtpEndpointOptions { Id = "z", TalkGroup = "A", Listen = $"127.0.0.1:{first.LocalEndPoint.Port}" }));
        Assert.Contains("[z]:Listen", busy.Message, StringComparison.Ordinal);
        Assert.Null(harness.Connector.Find("x"));
        Assert.Null(harness.Connector.Find("z"));
    }

    [Fact]
    public async Task AddAndRemoveEndpoint_AtRunTime_BindsAttachesAndReleasesPort()
    {
        await using var harness = new GatewayHarness("A");
        var endpoint = harness.Add("rt", "A", "opus");
        var port = endpoint.LocalEndPoint.Port;
        Assert.Throws<RtpConfigurationException>(() => harness.Connector.AddEndpoint(new RtpEndpointOptions { Id = "rt", TalkGroup = "A", Listen = "127.0.0.1:40000" }));

        Assert.True(await harness.Connector.RemoveEndpointAsync("rt"));
        Assert.False(await harness.Connector.RemoveEndpointAsync("rt"));
        Assert.DoesNotContain(harness.Switchboard.Endpoints, e => e.Id.Value == "rt" && e.TalkGroups.Count > 0);

        // The port pair is free again: a new endpoint can bind it.
        var again = harness.Connector.AddEndpoint(new RtpEndpointOptions { Id = "rt2", TalkGroup = "A", Listen = $"127.0.0.1:{port}" });
        Assert.Equal(port, again.LocalEndPoint.Port);
    }

    [Fact]
    public async Task AddEndpoint_ManyEndpoints_ShareAFixedSetOfReceiveThreadsAndAllReceive()
    {
        await using var harness = new GatewayHarness("A");
        var before = ReceiveThreads();
        var endpoints = Enumerable.Range(0, 40).Select(i => harness.Add("ep" + i, "A", "pcmu")).ToList();

        // 80 sockets (RTP + RTCP each), but no more receive threads than processors: epoll loops, not a thread per socket.
        Assert.InRange(ReceiveThreads() - before, 1, Environment.ProcessorCount);

        using var sender = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        foreach (var endpoint in endpoints)
        {
            sender.SendTo(new byte[] { 1, 2, 3 }, GatewayHarness.Loopback(endpoint.LocalEndPoint.Port));
            sender.SendTo(new byte[] { 1, 2, 3 }, GatewayHarness.Loopback(endpoint.LocalEndPoint.Port + 1));
        }

        // Every socket's datagram arrived (and was dropped as malformed, counted).
        await Interop.FfmpegInteropTests.WaitUntilAsync(() => endpoints.All(e => e.GetStatistics().DatagramsReceived == 2), TimeSpan.FromSeconds(10));
        Assert.All(endpoints, e => Assert.Equal(2, e.GetStatistics().DatagramsReceived));

        // Removing endpoints stops their sockets without disturbing the others on the same loops.
        for (var i = 0; i < 20; i++)
        {
            Assert.True(await harness.Connector.RemoveEndpointAsync("ep" + i));
        }

        foreach (var endpoint in endpoints.Skip(20))
        {
            sender.SendTo(new byte[] { 1, 2, 3 }, GatewayHarness.Loopback(endpoint.LocalEndPoint.Port));
        }

        await Interop.FfmpegInteropTests.WaitUntilAsync(() => endpoints.Skip(20).All(e => e.GetStatistics().DatagramsReceived == 3), TimeSpan.FromSeconds(10));
    }

    /// <summary>Threads of this process named like receive threads (Linux /proc; thread names are kernel-visible there).</summary>
    private static int ReceiveThreads() =>
        Directory.GetDirectories("/proc/self/task").Count(t => ThreadName(t).StartsWith("rtp-rx", StringComparison.Ordinal));

    // A thread may exit between listing /proc/self/task and reading its name: it is simply not counted.
    private static string ThreadName(string taskDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(taskDirectory, "comm"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}

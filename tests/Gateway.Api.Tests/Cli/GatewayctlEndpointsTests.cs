using System.Text.Json;
using Gateway.Api.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Api.Tests.Cli;

/// <summary><c>gatewayctl endpoints add-rtp|ls|show|rm</c> as a process against the real server.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class GatewayctlEndpointsTests
{
    private readonly GatewayServer _server;

    public GatewayctlEndpointsTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Endpoints_AddShowListRemove_RoundTrip()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var port = FreePort.UdpPair();
        var added = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.AdminKey, "endpoints", "add-rtp",
            "--id", "ctl-rtp", "--group", "bravo", "--listen", $"127.0.0.1:{port}", "--remote", "127.0.0.1:40994", "--codec", "pcma", "--priority", "dispatcher", "--allow", "127.0.0.1,::1");
        Assert.True(added.Code == 0, added.Stderr);
        Assert.Contains($"created RTP endpoint ctl-rtp on 127.0.0.1:{port} in bravo (pcma, fixed remote)", added.Stdout, StringComparison.Ordinal);
        try
        {
            var shown = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.ObserverKey, "endpoints", "show", "ctl-rtp");
            Assert.True(shown.Code == 0, shown.Stderr);
            Assert.Matches(@"origin\s+runtime", shown.Stdout);
            Assert.Matches(@"remote\s+127\.0\.0\.1:40994", shown.Stdout);
            Assert.Matches(@"allowed\s+127\.0\.0\.1,::1", shown.Stdout);
            Assert.Matches(@"peer report\s+none yet", shown.Stdout);
            Assert.Matches(@"rtcp\s+next port", shown.Stdout);

            var json = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.ObserverKey, "--json", "endpoints", "show", "ctl-rtp");
            using (var document = JsonDocument.Parse(json.Stdout))
            {
                var detail = document.RootElement[0];
                Assert.Equal("RTP_CODEC_PCMA", detail.GetProperty("rtp").GetProperty("codec").GetString());
                Assert.Equal($"127.0.0.1:{port}", detail.GetProperty("rtpStatistics").GetProperty("localAddress").GetString());
            }

            var listed = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.ObserverKey, "endpoints", "ls", "--group", "bravo");
            Assert.True(listed.Code == 0, listed.Stderr);
            Assert.Contains(listed.Stdout.Split('\n'), l => l.StartsWith("ctl-rtp ", StringComparison.Ordinal) && l.Contains("rtp", StringComparison.Ordinal));

            // A server refusal is exit code 1 with the field named; a usage mistake is 2.
            var refused = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.AdminKey, "endpoints", "add-rtp", "--id", "ctl-odd", "--group", "bravo", "--listen", "127.0.0.1:3"); // odd port
            Assert.Equal(1, refused.Code);
            Assert.Contains("InvalidArgument: settings.listen:", refused.Stderr, StringComparison.Ordinal);
            var noUnit = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.AdminKey, "endpoints", "add-rtp", "--id", "ctl-unitless", "--group", "bravo", "--listen", $"127.0.0.1:{FreePort.UdpPair()}", "--unit", "ctl-nobody");
            Assert.Equal(1, noUnit.Code);
            Assert.Contains("NotFound: unit_id: unit 'ctl-nobody' does not exist", noUnit.Stderr, StringComparison.Ordinal);
            var usage = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.AdminKey, "endpoints", "add-rtp", "--id", "x", "--group", "bravo", "--listen", "127.0.0.1:4000", "--codec", "g729");
            Assert.Equal(2, usage.Code);
            Assert.Contains("--codec must be opus, pcmu or pcma", usage.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            var removed = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.AdminKey, "endpoints", "rm", "ctl-rtp");
            Assert.True(removed.Code == 0, removed.Stderr);
            Assert.Contains("deleted ctl-rtp", removed.Stdout, StringComparison.Ordinal);
        }

        var gone = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.AdminKey, "endpoints", "rm", "ctl-rtp");
        Assert.Equal(1, gone.Code);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_AddRtpWithRtcpMux_OddPortAcceptedAndShown()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var port = FreePort.UdpPair() + 1; // odd: RTCP shares the port, so no pair is needed
        var added = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.AdminKey, "endpoints", "add-rtp",
            "--id", "ctl-mux", "--group", "bravo", "--listen", $"127.0.0.1:{port}", "--rtcp-mux");
        Assert.True(added.Code == 0, added.Stderr);
        Assert.Contains($"created RTP endpoint ctl-mux on 127.0.0.1:{port} in bravo (opus, latched remote, rtcp-mux)", added.Stdout, StringComparison.Ordinal);
        try
        {
            var shown = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.ObserverKey, "endpoints", "show", "ctl-mux");
            Assert.True(shown.Code == 0, shown.Stderr);
            Assert.Matches(@"rtcp\s+multiplexed on the RTP port \(rtcp-mux\)", shown.Stdout);

            var json = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.ObserverKey, "--json", "endpoints", "show", "ctl-mux");
            using var document = JsonDocument.Parse(json.Stdout);
            Assert.True(document.RootElement[0].GetProperty("rtp").GetProperty("rtcpMux").GetBoolean());

            // A flag takes no value: what follows it is an argument, and an unexpected one is a usage error.
            var usage = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.AdminKey, "endpoints", "add-rtp",
                "--id", "ctl-mux2", "--group", "bravo", "--listen", $"127.0.0.1:{FreePort.Udp()}", "--rtcp-mux", "yes");
            Assert.Equal(2, usage.Code);
            Assert.Contains("unexpected argument 'yes'", usage.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            var removed = await Gatewayctl.RunAsync(_server.Address, timeout, "--api-key", GatewayServer.AdminKey, "endpoints", "rm", "ctl-mux");
            Assert.True(removed.Code == 0, removed.Stderr);
        }
    }
}

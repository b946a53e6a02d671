using System.Net;
using System.Net.Sockets;
using Gateway.Audio;
using Gateway.Core;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Provisioning;
using Gateway.Core.TalkGroups;
using Gateway.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Connectors.Rtp.Tests.Configuration;

/// <summary>The connector's <see cref="IRtpEndpointManager"/> (what the API uses): refusals carry the failure kind and setting.</summary>
public sealed class RtpEndpointManagerTests : IAsyncLifetime
{
    private readonly int _configuredPort = FreePort.UdpPair();
    private ServiceProvider _provider = null!;

    private IRtpEndpointManager Manager => _provider.GetRequiredService<IRtpEndpointManager>();

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection().AddLogging().AddGatewayCore().AddGatewayAudio()
            .AddRtpConnector([new RtpEndpointOptions { Id = "configured", TalkGroup = "A", Listen = $"127.0.0.1:{_configuredPort}", Codec = "pcmu" }])
            .BuildServiceProvider();
        _provider.GetRequiredService<ISwitchboard>().UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId("A")));
        foreach (var hosted in _provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Create_ValidDefinition_RunsAsRuntimeBesideConfigured()
    {
        var port = FreePort.UdpPair();
        var status = Manager.Create(new RtpEndpointDefinition { Id = "rt", TalkGroup = "A", Listen = $"127.0.0.1:{port}", Codec = "pcma", Priority = "dispatcher" });
        Assert.Equal((EndpointOrigin.Runtime, $"127.0.0.1:{port}", "pcma"), (status.Origin, status.LocalEndPoint, status.Definition.Codec));
        Assert.Equal(["configured", "rt"], Manager.List().Select(s => s.Definition.Id));
        Assert.Equal(EndpointOrigin.Configured, Manager.Find(new EndpointId("configured"))!.Origin);
        Assert.True(Manager.IsConfigured(new EndpointId("configured")));
        Assert.False(Manager.IsConfigured(new EndpointId("rt")));

        Assert.True(await Manager.RemoveAsync(new EndpointId("rt")));
        Assert.Null(Manager.Find(new EndpointId("rt")));
        Assert.DoesNotContain(_provider.GetRequiredService<ISwitchboard>().Endpoints, e => e.Id.Value == "rt");
        Assert.False(await Manager.RemoveAsync(new EndpointId("rt")));
        var health = _provider.GetRequiredService<IHealthRegistry>().Snapshot()["rtp:rt"];
        Assert.Equal((HealthState.Healthy, "removed"), (health.State, health.Reason));
    }

    [Theory]
    [InlineData("Listen", "127.0.0.1:40001", null, null, "Listen")]
    [InlineData("Codec", null, null, null, "Codec")]
    [InlineData("RemoteAndMulticast", null, "127.0.0.1:40010", "239.1.1.1", "Remote")]
    public void Create_InvalidSetting_InvalidSettingNamingIt(string problem, string? listen, string? remote, string? multicast, string field)
    {
        var definition = new RtpEndpointDefinition
        {
            Id = "bad",
            TalkGroup = "A",
            Listen = listen ?? $"127.0.0.1:{FreePort.UdpPair()}",
            Remote = remote,
            Multicast = multicast,
            Codec = problem == "Codec" ? "gsm" : "opus",
        };
        var ex = Assert.Throws<EndpointProvisioningException>(() => Manager.Create(definition));
        Assert.Equal((ProvisioningFailure.InvalidSetting, field), (ex.Failure, ex.Field));
        Assert.DoesNotContain("endpoint:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ConfiguredIdUnknownGroupOrBusyPort_EachItsOwnFailure()
    {
        var id = Assert.Throws<EndpointProvisioningException>(() => Manager.Create(new RtpEndpointDefinition { Id = "configured", TalkGroup = "A", Listen = $"127.0.0.1:{FreePort.UdpPair()}" }));
        Assert.Equal(ProvisioningFailure.IdInUse, id.Failure);
        var group = Assert.Throws<EndpointProvisioningException>(() => Manager.Create(new RtpEndpointDefinition { Id = "g", TalkGroup = "nope", Listen = $"127.0.0.1:{FreePort.UdpPair()}" }));
        Assert.Equal((ProvisioningFailure.UnknownTalkGroup, "TalkGroup"), (group.Failure, group.Field));
        var port = Assert.Throws<EndpointProvisioningException>(() => Manager.Create(new RtpEndpointDefinition { Id = "p", TalkGroup = "A", Listen = $"127.0.0.1:{_configuredPort}" }));
        Assert.Equal((ProvisioningFailure.PortInUse, "Listen"), (port.Failure, port.Field));
        Assert.Equal(["configured"], Manager.List().Select(s => s.Definition.Id));
    }

    [Fact]
    public async Task Create_RtcpMux_OnePortBoundAndTheRefusalNamesOnlyIt()
    {
        var port = FreePort.UdpPair();
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));

        var status = Manager.Create(new RtpEndpointDefinition { Id = "mux", TalkGroup = "A", Listen = $"127.0.0.1:{port}", RtcpMux = true });
        Assert.True(status.Definition.RtcpMux);
        Assert.Equal($"127.0.0.1:{port}", status.LocalEndPoint);
        Assert.False(Manager.Find(new EndpointId("configured"))!.Definition.RtcpMux);

        // The configured endpoint's RTCP port (odd, allowed with mux) is taken: PortInUse, and no "RTCP port" in the words.
        var busy = Assert.Throws<EndpointProvisioningException>(() => Manager.Create(new RtpEndpointDefinition { Id = "mux2", TalkGroup = "A", Listen = $"127.0.0.1:{_configuredPort + 1}", RtcpMux = true }));
        Assert.Equal((ProvisioningFailure.PortInUse, "Listen"), (busy.Failure, busy.Field));
        Assert.StartsWith($"127.0.0.1:{_configuredPort + 1} cannot be bound", busy.Message, StringComparison.Ordinal);
        Assert.True(await Manager.RemoveAsync(new EndpointId("mux")));
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();
}

using System.Net;
using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>The real core (switchboard, router, event bus, health) and codecs, with an RTP connector on loopback ports.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    public GatewayHarness(params string[] groups)
    {
        Codecs = new CodecFactory();
        Metrics = new GatewayMetrics();
        Events = new EventBus(Metrics);
        Health = new HealthRegistry(Events, TimeProvider.System);
        Switchboard = new Switchboard(Codecs, Events, Metrics, TimeProvider.System);
        foreach (var group in groups)
        {
            Switchboard.UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId(group)) with { HangTime = TimeSpan.Zero });
        }

        Connector = new RtpConnector([], Switchboard, Codecs, TimeProvider.System, Events, Health, Metrics, nodeName: "test");
    }

    public CodecFactory Codecs { get; }

    public GatewayMetrics Metrics { get; }

    public EventBus Events { get; }

    public HealthRegistry Health { get; }

    public Switchboard Switchboard { get; }

    public RtpConnector Connector { get; }

    public RtpEndpoint Add(string id, string group, string codec, int? remotePort = null, Action<RtpEndpointOptions>? configure = null)
    {
        var options = new RtpEndpointOptions
        {
            Id = id,
            TalkGroup = group,
            Listen = "127.0.0.1:" + FreePort.UdpPair(),
            Remote = remotePort is { } port ? "127.0.0.1:" + port : null,
            Codec = codec,
        };
        configure?.Invoke(options);
        return Connector.AddEndpoint(options);
    }

    public static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);

    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync();
        Switchboard.Dispose();
        Metrics.Dispose();
    }
}

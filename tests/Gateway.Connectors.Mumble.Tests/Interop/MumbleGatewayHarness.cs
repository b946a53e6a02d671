using Xunit.Abstractions;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Tests.Support;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Mumble.Tests.Interop;

/// <summary>
/// A real murmurd with channels Tianhe/Sports and Harbour, and a gateway (real core, real codecs, the Mumble connector
/// from DI) that maps them to the talk groups tianhe-sports and harbour, each with an in-memory console endpoint.
/// </summary>
public sealed class MumbleGatewayHarness : IAsyncDisposable
{
    public static readonly TalkGroupId Sports = new("tianhe-sports");
    public static readonly TalkGroupId Harbour = new("harbour");
    public static readonly UnitId Patrol3 = new("patrol-3");

    private ServiceProvider? _provider;
    private List<IHostedService> _hosted = [];

    private MumbleGatewayHarness(MurmurServer server, TestMumbleClient admin)
    {
        Server = server;
        Admin = admin;
    }

    public MurmurServer Server { get; }

    /// <summary>SuperUser: created the channels; stays connected in the root channel.</summary>
    public TestMumbleClient Admin { get; }

    public ISwitchboard Switchboard { get; private set; } = null!;

    public IUnitDirectory Units { get; private set; } = null!;

    public IEventBus Events { get; private set; } = null!;

    public IHealthRegistry Health { get; private set; } = null!;

    public ICodecFactory Codecs { get; private set; } = null!;

    public MumbleConnector Connector { get; private set; } = null!;

    public InMemoryEndpoint SportsConsole { get; } = new(new EndpointId("console-sports"), CodecProfile.Pcm48k);

    public InMemoryEndpoint HarbourConsole { get; } = new(new EndpointId("console-harbour"), CodecProfile.Pcm48k);

    public uint SportsChannel { get; private set; }

    public uint HarbourChannel { get; private set; }

    public static async Task<MumbleGatewayHarness> StartAsync(ITestOutputHelper output, int reconnectMaxSeconds = 2)
    {
        var server = await MurmurServer.StartAsync();
        var admin = await TestMumbleClient.ConnectAsync(server.Port, "SuperUser", MurmurServer.SuperUserPassword);
        var harness = new MumbleGatewayHarness(server, admin);
        await admin.CreateChannelAsync(string.Empty, "Tianhe");
        harness.SportsChannel = await admin.CreateChannelAsync("Tianhe", "Sports");
        harness.HarbourChannel = await admin.CreateChannelAsync(string.Empty, "Harbour");
        await harness.StartGatewayAsync(output, reconnectMaxSeconds);
        return harness;
    }

    public IEventSubscription Subscribe(Func<GatewayEvent, bool> filter) => Events.Subscribe("test", 4096, filter);

    public Task WaitAllJoinedAsync(TimeSpan timeout) =>
        Wait.UntilAsync(() => Connector.Endpoints.All(e => e.Joined), timeout, "all gateway sessions joined their channels");

    public MumbleEndpointInfo EndpointFor(TalkGroupId group) => Connector.Endpoints.Single(e => e.TalkGroup == group);

    /// <summary>Encodes a tone as 20 ms Opus packets the way a Mumble client would.</summary>
    public List<byte[]> EncodeTone(double frequency, int frames)
    {
        using var encoder = Codecs.CreateEncoder(CodecProfile.Opus(32_000));
        var packets = new List<byte[]>();
        var buffer = new byte[AudioFormat.MaxPacketBytes];
        for (var i = 0; i < frames; i++)
        {
            var length = encoder.Encode(Tone.Frame(frequency, i), buffer);
            packets.Add(buffer[..length]);
        }

        return packets;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        await Admin.DisposeAsync();
        await Server.DisposeAsync();
    }

    private async Task StartGatewayAsync(ITestOutputHelper output, int reconnectMaxSeconds)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Debug));
        services.AddGatewayCore();
        services.AddGatewayAudio();
        services.AddMumbleConnector(
            o => o.Servers.Add(new MumbleConnectorOptions
            {
                Id = "poc",
                Host = "127.0.0.1",
                Port = Server.Port,
                Username = "gateway",
                AcceptInvalidCertificate = true,
                Channels = { ["Tianhe/Sports"] = Sports.Value, ["Harbour"] = Harbour.Value },
                ReconnectMaxSeconds = reconnectMaxSeconds,
            }),
            new MumbleTransportTimings { PingInterval = TimeSpan.FromSeconds(1), InitialReconnectDelay = TimeSpan.FromMilliseconds(200), ConnectTimeout = TimeSpan.FromSeconds(5) });
        _provider = services.BuildServiceProvider();
        Switchboard = _provider.GetRequiredService<ISwitchboard>();
        Units = _provider.GetRequiredService<IUnitDirectory>();
        Events = _provider.GetRequiredService<IEventBus>();
        Health = _provider.GetRequiredService<IHealthRegistry>();
        Codecs = _provider.GetRequiredService<ICodecFactory>();
        Connector = _provider.GetRequiredService<MumbleConnector>();

        Switchboard.UpsertTalkGroup(TalkGroupSettings.Default(Sports) with { HangTime = TimeSpan.FromMilliseconds(100) });
        Switchboard.UpsertTalkGroup(TalkGroupSettings.Default(Harbour) with { HangTime = TimeSpan.FromMilliseconds(100) });
        Units.Upsert(new UnitSettings(Patrol3, "Sports Centre patrol 3", [Sports], "patrol3", null, null));
        Switchboard.Attach(SportsConsole, Sports);
        Switchboard.Attach(HarbourConsole, Harbour);
        Switchboard.SetEndpointOnline(SportsConsole.Id, true, "test console");
        Switchboard.SetEndpointOnline(HarbourConsole.Id, true, "test console");

        _hosted = [.. _provider.GetServices<IHostedService>()];
        foreach (var hosted in _hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await WaitAllJoinedAsync(TimeSpan.FromSeconds(10));
    }
}

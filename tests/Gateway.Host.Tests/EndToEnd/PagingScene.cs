using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble;
using Gateway.Connectors.Mumble.Tests.Interop;
using Gateway.Host.Tests.EndToEnd.Support;
using Gateway.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// The dispatch scene of the alert end-to-end tests, everything real and on loopback: a murmurd with channel
/// <c>Sports</c>; the gateway host with talk group <c>sports</c> (plus <c>mutual-aid</c> and <c>reinforcement</c>),
/// an RTP console endpoint <c>console-a</c> (Opus) with its peer, the Mumble channel mapped to <c>sports</c>, and three
/// units: <c>engine-1</c> (radio, DTMF id 031), <c>patrol-7</c> (PoC handset, Mumble user patrol7, in the channel)
/// and <c>command-1</c> (acknowledges over gRPC).
/// </summary>
internal sealed class PagingScene : IAsyncDisposable
{
    public const byte OpusPayloadType = 111;

    private PagingScene(MurmurServer murmur, TestMumbleClient admin, TestMumbleClient patrol7, RtpPeer console, GatewayTestConfiguration configuration)
    {
        Murmur = murmur;
        Admin = admin;
        Patrol7 = patrol7;
        Console = console;
        Configuration = configuration;
    }

    public MurmurServer Murmur { get; }

    public TestMumbleClient Admin { get; }

    /// <summary>The PoC handset of unit patrol-7, in channel Sports.</summary>
    public TestMumbleClient Patrol7 { get; }

    /// <summary>The peer of RTP endpoint console-a.</summary>
    public RtpPeer Console { get; }

    public GatewayTestConfiguration Configuration { get; }

    public GatewayHostFixture Host { get; private set; } = null!;

    public uint SportsChannel { get; private set; }

    public ICodecFactory Codecs => Host.Services.GetRequiredService<ICodecFactory>();

    /// <param name="configure">Changes to the configuration before the host starts (more endpoints, alert presets...).</param>
    /// <param name="configureServices">Service overrides (e.g. the alert clock).</param>
    public static async Task<PagingScene> StartAsync(Action<GatewayTestConfiguration>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var murmur = await MurmurServer.StartAsync();
        var admin = await TestMumbleClient.ConnectAsync(murmur.Port, "SuperUser", MurmurServer.SuperUserPassword);
        var sports = await admin.CreateChannelAsync(string.Empty, "Sports");
        var patrol7 = await TestMumbleClient.ConnectAsync(murmur.Port, "patrol7");
        await patrol7.JoinAsync("Sports");

        var (listen, remote) = (FreePort.UdpPair(), FreePort.UdpPair());
        var configuration = GatewayTestConfiguration.Create()
            .AddTalkGroup("sports")
            .AddTalkGroup("mutual-aid")
            .AddTalkGroup("reinforcement")
            .AddUnit("engine-1", ["sports"], dtmfId: "031")
            .AddUnit("patrol-7", ["sports"], mumbleUser: "patrol7")
            .AddUnit("command-1", ["sports"])
            .AddUnit("aid-1", ["mutual-aid"])
            .AddUnit("reserve-1", ["reinforcement"])
            .AddRtpEndpoint("console-a", "sports", listen, remote, "opus", OpusPayloadType)
            .AddMumbleServer("poc", murmur.Port, new Dictionary<string, string> { ["Sports"] = "sports" });
        configure?.Invoke(configuration);
        var scene = new PagingScene(murmur, admin, patrol7, new RtpPeer(remote, listen), configuration) { SportsChannel = sports };
        try
        {
            await scene.StartHostAsync(configureServices);
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }

        return scene;
    }

    /// <summary>Stops the gateway and starts it again on the same configuration and data directory.</summary>
    public async Task RestartHostAsync(Action<IServiceCollection>? configureServices = null)
    {
        var old = Host;
        Host = await old.RestartAsync(configureServices);
        await old.DisposeAsync();
        await WaitJoinedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Console.Dispose();
        await Patrol7.DisposeAsync();
        await Admin.DisposeAsync();
        await Murmur.DisposeAsync();
    }

    private async Task StartHostAsync(Action<IServiceCollection>? configureServices)
    {
        Host = await GatewayHostFixture.StartAsync(Configuration, configureServices);
        await WaitJoinedAsync();
    }

    private Task WaitJoinedAsync()
    {
        var connector = Host.Services.GetRequiredService<MumbleConnector>();
        return Wait.UntilAsync(() => connector.Endpoints.Count > 0 && connector.Endpoints.All(e => e.Joined), TimeSpan.FromSeconds(15), "the gateway joined the Mumble channel");
    }
}

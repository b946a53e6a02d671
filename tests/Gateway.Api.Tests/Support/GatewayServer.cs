using System.Net;
using Gateway.Api;
using Gateway.Api.Auth;
using Gateway.Audio;
using Gateway.Connectors.Rtp;
using Gateway.Core;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;
using Gateway.Storage;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Api.Tests.Support;

/// <summary>
/// A real gateway API on a random loopback port: Kestrel with an HTTP/2-only (h2c) endpoint, the real core
/// (AddGatewayCore), the real codecs (AddGatewayAudio) and AddGatewayApi/MapGatewayApi. Keys for each role are configured.
/// </summary>
public sealed class GatewayServer : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string DispatcherKey = "test-dispatcher-key-0123456789";
    public const string ObserverKey = "test-observer-key-0123456789";
    public const string NorthOnlyKey = "test-north-only-key-0123456789";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gw-api-tests-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public string Address { get; private set; } = string.Empty;

    public GrpcChannel Channel { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _app!.Services;

    public ISwitchboard Switchboard => Services.GetRequiredService<ISwitchboard>();

    public async Task InitializeAsync()
    {
        _app = Build(_dataDirectory, Logs, new Dictionary<string, string?>
        {
            ["Gateway:Grpc:ApiKeys:0:Name"] = "test-admin",
            ["Gateway:Grpc:ApiKeys:0:KeySha256"] = ApiKeyHash.ComputeHex(AdminKey),
            ["Gateway:Grpc:ApiKeys:0:Roles:0"] = "admin",
            ["Gateway:Grpc:ApiKeys:1:Name"] = "test-dispatcher",
            ["Gateway:Grpc:ApiKeys:1:KeySha256"] = ApiKeyHash.ComputeHex(DispatcherKey),
            ["Gateway:Grpc:ApiKeys:1:Roles:0"] = "dispatcher",
            ["Gateway:Grpc:ApiKeys:2:Name"] = "test-observer",
            ["Gateway:Grpc:ApiKeys:2:KeySha256"] = ApiKeyHash.ComputeHex(ObserverKey),
            ["Gateway:Grpc:ApiKeys:2:Roles:0"] = "observer",
            ["Gateway:Grpc:ApiKeys:3:Name"] = "test-north-only",
            ["Gateway:Grpc:ApiKeys:3:KeySha256"] = ApiKeyHash.ComputeHex(NorthOnlyKey),
            ["Gateway:Grpc:ApiKeys:3:Roles:0"] = "dispatcher",
            ["Gateway:Grpc:ApiKeys:3:TalkGroups:0"] = "north",
            ["Gateway:Grpc:MaxStreamsPerKey"] = "6",
        });

        // What the host does with Gateway:TalkGroups / Gateway:Units from the configuration file.
        var switchboard = _app.Services.GetRequiredService<ISwitchboard>();
        foreach (var id in new[] { "alpha", "bravo", "north", "south" })
        {
            switchboard.UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId(id), id.ToUpperInvariant()) with { HangTime = TimeSpan.FromMilliseconds(300) });
        }

        var units = _app.Services.GetRequiredService<IUnitDirectory>();
        units.Upsert(new UnitSettings(new UnitId("patrol-3"), "Sports Centre patrol 3", [new TalkGroupId("alpha")], "patrol3", "12031", "031"));
        units.Upsert(new UnitSettings(new UnitId("north-1"), "North team 1", [new TalkGroupId("north")], null, null, null));

        await _app.StartAsync();
        Address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Channel = GrpcChannel.ForAddress(Address);
    }

    /// <summary>Builds (not starts) a server the way the host composes it.</summary>
    public static WebApplication Build(string dataDirectory, ILoggerProvider? logs, IDictionary<string, string?> settings, bool withStorage = false, IEnumerable<RtpEndpointOptions>? rtp = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        // Only the test's settings: the host's appsettings.json is copied next to this assembly (project reference), and
        // environment variables must not change what a test checks.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Gateway:Grpc:DataDirectory"] = dataDirectory });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        if (withStorage)
        {
            builder.Services.AddGatewayStorage(builder.Configuration);
        }

        builder.Services.AddGatewayAudio();
        builder.Services.AddGatewayCore();
        builder.Services.AddGatewayApi(builder.Configuration);
        builder.Services.AddRtpConnector(rtp ?? []); // as the host composes it: run-time RTP endpoints need the connector
        var app = builder.Build();
        app.MapGatewayApi();
        return app;
    }

    public static Metadata Bearer(string key) => new() { { "authorization", "Bearer " + key } };

    public V1.TalkGroups.TalkGroupsClient TalkGroups => new(Channel);

    public V1.Units.UnitsClient Units => new(Channel);

    public V1.Calls.CallsClient Calls => new(Channel);

    public V1.Alerts.AlertsClient Alerts => new(Channel);

    public V1.Events.EventsClient Events => new(Channel);

    public V1.Endpoints.EndpointsClient Endpoints => new(Channel);

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayServerCollection : ICollectionFixture<GatewayServer>
{
    public const string Name = "gateway-server";
}

using Gateway.Host.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// The real gateway composition (<see cref="GatewayApplication"/>, exactly what the program runs) started in-process on
/// loopback: a temporary configuration file (built by <see cref="GatewayTestConfiguration"/>, changed by the test), a
/// temporary data directory (SQLite, recordings, logs), gRPC on a free port with an admin API key, and a gRPC channel
/// that sends that key. <see cref="RestartAsync"/> stops the host and starts a new one on the same file and data.
/// </summary>
public sealed class GatewayHostFixture : IAsyncDisposable
{
    /// <summary>The admin API key (every role) the channel sends.</summary>
    public const string ApiKey = "e2e-admin-key-0123456789";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private GatewayApplication? _application;
    private bool _handedOver;

    private GatewayHostFixture(GatewayTestConfiguration configuration, GatewayApplication application)
    {
        Configuration = configuration;
        _application = application;
        GrpcAddress = new Uri($"http://127.0.0.1:{configuration.GrpcPort}");
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + ApiKey);
            return Task.CompletedTask;
        });
        Channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true, // loopback h2c, as the gateway's own gRPC clients use it
        });
    }

    /// <summary>The configuration the host was started with (as written to <see cref="ConfigFile"/>).</summary>
    public GatewayTestConfiguration Configuration { get; }

    public string ConfigFile => Path.Combine(Configuration.Workspace, "gateway.json");

    /// <summary>The data directory (database, recordings, logs) shared by every restart.</summary>
    public string DataDirectory => Path.Combine(Configuration.Workspace, "data");

    public Uri GrpcAddress { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The running host's service provider (for event bus subscriptions, the switchboard, codecs...).</summary>
    public IServiceProvider Services => (_application ?? throw new InvalidOperationException("The host is stopped.")).App.Services;

    public V1.Alerts.AlertsClient Alerts => new(Channel);

    public V1.Units.UnitsClient Units => new(Channel);

    public V1.TalkGroups.TalkGroupsClient TalkGroups => new(Channel);

    public V1.Calls.CallsClient Calls => new(Channel);

    public V1.Events.EventsClient Events => new(Channel);

    /// <summary>
    /// Writes <paramref name="configuration"/> and starts the host. <paramref name="configureServices"/> runs after every
    /// component registered, to replace a service (e.g. <c>services.AddSingleton(new AlertClock(fakeTime))</c>).
    /// </summary>
    public static async Task<GatewayHostFixture> StartAsync(GatewayTestConfiguration configuration, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var file = Path.Combine(configuration.Workspace, "gateway.json");
        await File.WriteAllTextAsync(file, configuration.Root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var application = GatewayApplication.Build(
            new GatewayApplicationSettings { ConfigFile = file, OwnsProcess = false, ConfigureServices = configureServices },
            out var problems) ?? throw new InvalidOperationException("Invalid test configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            await application.App.StartAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            await application.DisposeAsync();

            // The workspace is kept: its configuration file and logs show why.
            throw new InvalidOperationException($"The gateway did not start ({ex.Message}); configuration and logs are in {configuration.Workspace}", ex);
        }

        return new GatewayHostFixture(configuration, application);
    }

    /// <summary>
    /// Stops this host (its gRPC channel closes) and starts a new one on the same configuration and data directory, as
    /// a restart of the service would. The new fixture owns the workspace from then on; dispose both (this one is inert).
    /// </summary>
    public async Task<GatewayHostFixture> RestartAsync(Action<IServiceCollection>? configureServices = null)
    {
        await StopAsync();
        _handedOver = true;
        return await StartAsync(Configuration, configureServices);
    }

    /// <summary>Stops the host gracefully, as SIGTERM does (hosted services stop in reverse order, state is saved).</summary>
    public async Task StopAsync()
    {
        if (_application is not { } application)
        {
            return;
        }

        _application = null;
        try
        {
            using var timeout = new CancellationTokenSource(GatewayHostSetup.ShutdownTimeout * 2);
            await application.App.StopAsync(timeout.Token);
        }
        finally
        {
            await application.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Channel.Dispose();
        if (!_handedOver)
        {
            try
            {
                Directory.Delete(Configuration.Workspace, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The SHA-256 the configuration stores for <see cref="ApiKey"/>.</summary>
    internal static string ApiKeyHash => Gateway.Api.Auth.ApiKeyHash.ComputeHex(ApiKey);
}

using Gateway.Api;
using Gateway.Audio;
using Gateway.Connectors.Mumble;
using Gateway.Connectors.Rtp;
using Gateway.Connectors.Serial;
using Gateway.Core;
using Gateway.Host.Configuration;
using Gateway.Host.Logging;
using Gateway.Storage;
using Serilog;

namespace Gateway.Host.Hosting;

/// <summary>
/// The composition of the gateway service, shared by the program and the in-process end-to-end tests so that both run
/// exactly the same wiring. Configuration is read and validated before anything is built: a bad file yields the
/// problem lines and no application, so nothing half-configured listens, records or keys a radio.
/// </summary>
internal sealed class GatewayApplication : IAsyncDisposable
{
    private readonly Serilog.Core.Logger? _ownedLogger;

    private GatewayApplication(WebApplication app, GatewayOptions options, Serilog.Core.Logger? ownedLogger)
    {
        App = app;
        Options = options;
        _ownedLogger = ownedLogger;
    }

    public WebApplication App { get; }

    /// <summary>The validated configuration the application was built from.</summary>
    public GatewayOptions Options { get; }

    /// <summary>
    /// Reads, validates and composes. Returns null with the problem lines for an invalid configuration; throws
    /// <see cref="ConfigurationFileException"/> for a missing or malformed file or Serilog section. The components' own
    /// <c>ValidateOnStart</c> checks run when the application starts (see <see cref="StartupValidationFailures"/>).
    /// </summary>
    public static GatewayApplication? Build(GatewayApplicationSettings settings, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // appsettings.json is read from beside the program, not from the working directory (which holds the data).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = settings.BaseDirectory });
        GatewayConfiguration.Apply(builder.Configuration, settings.BaseDirectory, settings.ConfigFile);
        var logger = SerilogSetup.CreateLoggerOrThrow(builder.Configuration, out var logFilePattern);
        if (settings.OwnsProcess)
        {
            (Log.Logger as IDisposable)?.Dispose();
            Log.Logger = logger;
        }

        var options = GatewayOptionsLoader.Load(builder.Configuration, out problems);
        if (options is null)
        {
            if (!settings.OwnsProcess)
            {
                logger.Dispose();
            }

            return null;
        }

        var configurationFiles = GatewayConfiguration.Describe(settings.BaseDirectory, settings.ConfigFile);
        var facts = new StartupFacts(configurationFiles, logFilePattern, options.Grpc.Listen.StartsWith("https:", StringComparison.OrdinalIgnoreCase));
        builder.AddGatewayHost(options, facts, logger, settings.OwnsProcess);

        // ---- Gateway components: one line each. They take their options from DI (IOptions<T> of their section) or from
        // the validated `options`; storage, the gRPC API (plus MapGatewayApi() below) and the connectors go here too.
        // Their own ValidateOnStart failures are reported like the host's (exit code 2). Hosted services start in this
        // order and stop in reverse.
        builder.Services.AddGatewayAudio();
        builder.Services.AddGatewayStorage(builder.Configuration); // before the core: the event writer starts first, stops last
        builder.Services.AddGatewayCore();
        builder.Services.AddHostedService<SwitchboardLifecycle>(); // groups/units in before anything starts; floors closed first at stop
        builder.Services.AddGatewayApi(builder.Configuration);
        builder.Services.AddRtpConnector(options.Connectors.Rtp);
        builder.Services.AddMumbleConnector(mumble => mumble.Servers.AddRange(options.Connectors.Mumble));
        builder.Services.AddSerialConnector(serial =>
        {
            foreach (var radio in options.Connectors.Serial)
            {
                serial.Radios.Add(radio);
            }
        });
        settings.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGatewayHostEndpoints();
        app.MapGatewayApi();
        return new GatewayApplication(app, options, settings.OwnsProcess ? null : logger);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_ownedLogger is not null)
        {
            await _ownedLogger.DisposeAsync();
        }
    }
}

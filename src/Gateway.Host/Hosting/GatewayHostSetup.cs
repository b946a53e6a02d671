using Gateway.Api;
using Gateway.Core.Alerts;
using Gateway.Host.Configuration;
using Gateway.Host.Configuration.Validation;
using Gateway.Host.Health;
using Gateway.Host.Metrics;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;

namespace Gateway.Host.Hosting;

/// <summary>The host's own services: options, Kestrel endpoints, Serilog, systemd, shutdown bounds, health and metrics.</summary>
internal static class GatewayHostSetup
{
    /// <summary>Graceful stop budget (SIGTERM / Ctrl-C): every hosted service gets this long, in total, to stop.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    public static void AddGatewayHost(this WebApplicationBuilder builder, GatewayOptions options, StartupFacts facts, Serilog.ILogger? logger = null, bool ownsProcess = true)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Options: the validated instance, plus each section for components that take IOptions<T>.
        services.AddSingleton(options);
        services.AddBoundOptions<GatewayOptions>(configuration, GatewayOptions.SectionName);
        services.AddBoundOptions<GrpcOptions>(configuration, "Gateway:Grpc");
        services.AddBoundOptions<StorageOptions>(configuration, "Gateway:Storage");
        services.AddBoundOptions<RecordingOptions>(configuration, "Gateway:Recording");
        services.AddBoundOptions<AlertOptions>(configuration, "Gateway:Alerts");
        services.AddSingleton(facts);

        services.TryAddSingleton(TimeProvider.System);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Host.UseDefaultServiceProvider(provider =>
        {
            // Wiring mistakes fail at start (exit 1), not on the first call that needs the service.
            provider.ValidateOnBuild = true;
            provider.ValidateScopes = true;
        });

        builder.Logging.ClearProviders();
        services.AddSerilog(logger ?? Log.Logger, dispose: false); // the application owns the logger
        services.AddSystemd();

        var grpcListen = ListenAddress.TryParse(options.Grpc.Listen, out var parsed) ? parsed! : throw new InvalidOperationException("validated");
        var metricsListen = GrpcOptionsValidator.ResolveMetricsListen(options.Grpc, grpcListen) ?? throw new InvalidOperationException("validated");
        builder.WebHost.ConfigureKestrel(kestrel => KestrelEndpoints.Configure(kestrel, options, grpcListen, metricsListen));

        // First hosted services: they start first and stop last. IHealthRegistry comes from AddGatewayCore.
        services.AddHostedService<HealthChangeLogger>();
        if (ownsProcess)
        {
            services.AddHostedService<ShutdownGuard>(); // signals and the forced exit concern the process, not an embedded host
        }

        services.AddHostedService<StartupReport>();
        services.AddGatewayMetrics(options);
    }

    /// <summary><c>/metrics</c> (Prometheus text format).</summary>
    public static void MapGatewayHostEndpoints(this WebApplication app) => app.MapPrometheusScrapingEndpoint();

    /// <summary>
    /// Binds a section for <c>IOptions&lt;T&gt;</c>. The list fix-up runs as a PostConfigure, after every Configure/Bind
    /// that any component registers for the same type (the API binds <c>Gateway:Grpc</c> too): whatever the binder
    /// appended to default or already-bound lists, each configured list ends up exactly as configured.
    /// </summary>
    private static void AddBoundOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section));
        services.PostConfigure<T>(value => ConfiguredLists.Normalize(value, configuration.GetSection(section)));
    }
}

using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Api.Calls;
using Gateway.Api.Endpoints;
using Gateway.Api.Errors;
using Gateway.Api.Health;
using Gateway.Api.Services;
using Gateway.Api.TalkGroups;
using Gateway.Core.Alerts;
using Gateway.Core.Positions;
using Gateway.Storage.Repositories;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gateway.Api;

/// <summary>Composition of the gRPC API: <c>services.AddGatewayApi(configuration)</c> and <c>app.MapGatewayApi()</c>.</summary>
public static class GatewayApiExtensions
{
    /// <summary>
    /// Registers the gateway.v1 services, auth, health and reflection. Binds <c>Gateway:Grpc</c> from
    /// <paramref name="configuration"/> (the root configuration). Needs <c>AddGatewayCore()</c> and <c>AddGatewayAudio()</c>.
    /// With <c>AddGatewayStorage</c> (before or after) run-time talk groups persist in SQLite, ListCalls reads the call
    /// repository and GetRecording streams recordings; without storage they use in-memory stand-ins (documented as such).
    /// </summary>
    public static IServiceCollection AddGatewayApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GrpcOptions>()
            .Bind(configuration.GetSection("Gateway:Grpc"))
            .Validate(o => o.MaxStreamsPerKey > 0, "Gateway:Grpc:MaxStreamsPerKey must be at least 1")
            .Validate(o => o.MaxTalkMessagesPerSecond > 0, "Gateway:Grpc:MaxTalkMessagesPerSecond must be at least 1")
            .Validate(o => o.CallLogCapacity > 0, "Gateway:Grpc:CallLogCapacity must be at least 1")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Gateway:Grpc:DataDirectory must not be empty")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);

        // The alert engine behind gateway.v1.Alerts (Gateway:Alerts: escalation presets, mutual-aid groups, ack keywords);
        // alerts persist in SQLite when storage is registered (open alerts resume after a restart), in memory otherwise.
        services.TryAddSingleton<IAlertStore>(sp => sp.GetService<IAlertRepository>() is { } alerts
            ? new Gateway.Storage.Alerts.StorageAlertStore(alerts, sp.GetRequiredService<TimeProvider>())
            : new InMemoryAlertStore());
        services.AddGatewayAlerts();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection("Gateway:Alerts"));

        // Unit positions behind Units.ReportPosition / ListUnits near and nearest-units alerts (Gateway:Positions);
        // persisted in SQLite when storage is registered, in memory otherwise.
        services.AddGatewayPositions();
        services.AddOptions<PositionOptions>().Bind(configuration.GetSection(PositionOptions.SectionName)).ValidateOnStart();
        services.TryAddSingleton<ApiKeyRegistry>();
        services.TryAddSingleton<StreamLimiter>();
        // Persistent when storage is registered (AddGatewayStorage), in memory otherwise.
        services.TryAddSingleton<ITalkGroupStore>(sp => sp.GetService<ITalkGroupRepository>() is { } repository
            ? new RepositoryTalkGroupStore(repository)
            : new InMemoryTalkGroupStore());
        // Run-time endpoints (gateway.v1.Endpoints): stored in SQLite with storage, in memory otherwise; created through the
        // RTP connector's IRtpEndpointManager when the connector is registered (AddRtpConnector).
        services.TryAddSingleton<IRuntimeEndpointStore>(sp => sp.GetService<IEndpointRepository>() is { } endpoints
            ? new RepositoryEndpointStore(endpoints, sp.GetService<Microsoft.Extensions.Logging.ILogger<RepositoryEndpointStore>>())
            : new InMemoryEndpointStore());
        services.TryAddSingleton<RuntimeRtpEndpoints>();
        services.TryAddSingleton(sp => new CallLog(sp.GetRequiredService<IOptions<GrpcOptions>>().Value.CallLogCapacity));
        services.TryAddSingleton<HealthServiceImpl>();

        // Hosted: create the key registry at start (so the admin-key log line and any key error appear at once).
        services.AddHostedService<ApiKeyStartup>();
        services.AddHostedService<TalkGroupRestorer>();
        services.AddHostedService<CallLogFeeder>();
        services.AddHostedService<HealthBridge>();
        services.AddHostedService(sp => sp.GetRequiredService<RuntimeRtpEndpoints>()); // re-creates stored endpoints once everything has started

        services.AddGrpc(o =>
        {
            o.EnableDetailedErrors = false;
            o.MaxReceiveMessageSize = 256 * 1024; // one audio chunk is at most 64 KiB; alert clips are the largest messages
            o.Interceptors.Add<AuditInterceptor>(); // outermost: sees the final status of every mutation, refusals included
            o.Interceptors.Add<ErrorMappingInterceptor>();
            o.Interceptors.Add<AuthInterceptor>();
        });
        services.AddGrpcReflection();
        return services;
    }

    /// <summary>Maps every gateway.v1 service, grpc.health.v1.Health and server reflection.</summary>
    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<TalkGroupsService>();
        endpoints.MapGrpcService<UnitsService>();
        endpoints.MapGrpcService<CallsService>();
        endpoints.MapGrpcService<AlertsService>();
        endpoints.MapGrpcService<EventsService>();
        endpoints.MapGrpcService<EndpointsService>();
        endpoints.MapGrpcService<HealthServiceImpl>();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}

using Gateway.Host.Configuration;
using Gateway.Host.Configuration.Validation;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gateway.Host.Hosting;

/// <summary>
/// Logs, once Kestrel has bound, what the gateway listens on (actual ports, also when configured as 0) and where its data
/// goes (absolute paths: relative settings are resolved against the working directory).
/// </summary>
internal sealed partial class StartupReport(
    IServer server,
    IHostApplicationLifetime lifetime,
    GatewayOptions options,
    StartupFacts facts,
    ILogger<StartupReport> logger) : IHostedService
{
    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        return Task.CompletedTask;
    }

    private void Report()
    {
        LogNode(logger, options.NodeName, Environment.CurrentDirectory, facts.ConfigurationFiles);

        // Endpoints are reported in the order they were configured: gRPC first, metrics second (KestrelEndpoints).
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        if (addresses.Count >= 2)
        {
            LogGrpc(logger, addresses[0], facts.GrpcIsHttps ? "TLS" : "h2c");
            LogMetrics(logger, addresses[1].TrimEnd('/') + "/metrics");
        }

        var database = StorageOptionsValidator.DataSource(options.Storage.ConnectionString) ?? options.Storage.ConnectionString;
        LogData(logger, Path.GetFullPath(database), options.Storage.Provider);
        if (options.Recording.Enabled)
        {
            LogRecordings(logger, Path.GetFullPath(options.Recording.Directory), options.Recording.RetentionDays);
        }
        else
        {
            LogRecordingDisabled(logger);
        }

        LogFiles(logger, facts.LogFilePattern ?? "(console only)");
        LogTopology(logger, options.TalkGroups.Count, options.Units.Count, options.Connectors.Rtp.Count, options.Connectors.Mumble.Count, options.Connectors.Serial.Count);
        if (!options.Grpc.RequireAuth)
        {
            LogNoAuth(logger);
        }
    }

    [LoggerMessage(EventId = 9001, EventName = "Node", Level = LogLevel.Information, Message = "Gateway {NodeName} started in {WorkingDirectory} with configuration {ConfigurationFiles}")]
    private static partial void LogNode(ILogger logger, string nodeName, string workingDirectory, string configurationFiles);

    [LoggerMessage(EventId = 9002, EventName = "GrpcListening", Level = LogLevel.Information, Message = "gRPC listening on {GrpcAddress} ({Transport}, HTTP/2 only)")]
    private static partial void LogGrpc(ILogger logger, string grpcAddress, string transport);

    [LoggerMessage(EventId = 9003, EventName = "MetricsListening", Level = LogLevel.Information, Message = "Prometheus metrics on {MetricsUrl} (HTTP/1.1)")]
    private static partial void LogMetrics(ILogger logger, string metricsUrl);

    [LoggerMessage(EventId = 9004, EventName = "Database", Level = LogLevel.Information, Message = "Database: {DatabasePath} ({Provider})")]
    private static partial void LogData(ILogger logger, string databasePath, string provider);

    [LoggerMessage(EventId = 9005, EventName = "Recordings", Level = LogLevel.Information, Message = "Recordings: {RecordingDirectory} (kept {RetentionDays} days, 0 = forever)")]
    private static partial void LogRecordings(ILogger logger, string recordingDirectory, int retentionDays);

    [LoggerMessage(EventId = 9006, EventName = "RecordingDisabled", Level = LogLevel.Information, Message = "Recordings: disabled (Gateway:Recording:Enabled is false)")]
    private static partial void LogRecordingDisabled(ILogger logger);

    [LoggerMessage(EventId = 9007, EventName = "LogFiles", Level = LogLevel.Information, Message = "Log files: {LogFilePattern}")]
    private static partial void LogFiles(ILogger logger, string logFilePattern);

    [LoggerMessage(EventId = 9008, EventName = "Topology", Level = LogLevel.Information, Message = "Configured: {TalkGroups} talk groups, {Units} units, {Rtp} RTP endpoints, {Mumble} Mumble servers, {Serial} serial radios")]
    private static partial void LogTopology(ILogger logger, int talkGroups, int units, int rtp, int mumble, int serial);

    [LoggerMessage(EventId = 9009, EventName = "NoAuth", Level = LogLevel.Warning, Message = "gRPC authentication is off (Gateway:Grpc:RequireAuth false): allowed on loopback only")]
    private static partial void LogNoAuth(ILogger logger);
}

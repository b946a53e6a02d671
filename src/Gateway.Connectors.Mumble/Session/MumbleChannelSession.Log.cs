using Gateway.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Mumble.Session;

internal sealed partial class MumbleChannelSession
{
    [LoggerMessage(EventId = 7120, Level = LogLevel.Information, Message = "Mumble {EndpointId}: connected to {Host}:{Port} as {UserName}")]
    private static partial void LogConnected(ILogger logger, EndpointId endpointId, string host, int port, string userName);

    [LoggerMessage(EventId = 7121, Level = LogLevel.Debug, Message = "Mumble {EndpointId}: synchronized, own session {Session}")]
    private static partial void LogSynchronized(ILogger logger, EndpointId endpointId, uint session);

    [LoggerMessage(EventId = 7122, Level = LogLevel.Information, Message = "Mumble {EndpointId}: joined channel '{ChannelPath}' (id {ChannelId})")]
    private static partial void LogJoined(ILogger logger, EndpointId endpointId, string channelPath, uint channelId);

    [LoggerMessage(EventId = 7123, Level = LogLevel.Warning, Message = "Mumble {EndpointId}: connection ended: {Reason}")]
    private static partial void LogConnectionEnded(ILogger logger, EndpointId endpointId, string reason);

    [LoggerMessage(EventId = 7124, Level = LogLevel.Information, Message = "Mumble {EndpointId}: reconnecting in {DelaySeconds:0.0} s ({Reason})")]
    private static partial void LogReconnecting(ILogger logger, EndpointId endpointId, string reason, double delaySeconds);

    [LoggerMessage(EventId = 7125, Level = LogLevel.Error, Message = "Mumble {EndpointId}: unexpected error in the session; reconnecting")]
    private static partial void LogUnexpected(ILogger logger, EndpointId endpointId, Exception exception);

    [LoggerMessage(EventId = 7126, Level = LogLevel.Warning, Message = "Mumble {EndpointId}: {Reason}")]
    private static partial void LogPermissionDenied(ILogger logger, EndpointId endpointId, string reason);

    [LoggerMessage(EventId = 7127, Level = LogLevel.Information, Message = "Mumble {EndpointId}: acknowledgement '{Text}' from {MumbleUser}")]
    private static partial void LogAck(ILogger logger, EndpointId endpointId, string mumbleUser, string text);

    [LoggerMessage(EventId = 7128, Level = LogLevel.Warning, Message = "Mumble {EndpointId}: posting a text failed: {Reason}")]
    private static partial void LogTextFailed(ILogger logger, EndpointId endpointId, string reason);

    [LoggerMessage(EventId = 7129, Level = LogLevel.Debug, Message = "Mumble {EndpointId}: send failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, EndpointId endpointId, string reason);

    [LoggerMessage(EventId = 7130, Level = LogLevel.Warning, Message = "Mumble {EndpointId}: the server has Opus switched off (opusthreshold); voice will not be relayed")]
    private static partial void LogNoOpus(ILogger logger, EndpointId endpointId);

    [LoggerMessage(EventId = 7131, Level = LogLevel.Information, Message = "Mumble {EndpointId}: unit {UnitId} checked in automatically ({MumbleUser} joined '{ChannelPath}')")]
    private static partial void LogAutoCheckIn(ILogger logger, EndpointId endpointId, Gateway.Core.Identity.UnitId unitId, string mumbleUser, string channelPath);
}

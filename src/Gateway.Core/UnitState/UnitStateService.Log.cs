using Gateway.Core.Events;
using Gateway.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.UnitState;

public sealed partial class UnitStateService
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "EMERGENCY raised by {Unit} in {TalkGroupId} via {Source}")]
    private static partial void LogRaised(ILogger logger, UnitId unit, TalkGroupId talkGroupId, string source);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Emergency of {Unit} in {TalkGroupId} cancelled by the unit via {Source} (false alarm)")]
    private static partial void LogCancelled(ILogger logger, UnitId unit, TalkGroupId talkGroupId, string source);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Emergency cancel from {Unit} via {Source} refused: raised {Seconds:F0} s ago, past the grace period")]
    private static partial void LogCancelRefused(ILogger logger, UnitId unit, string source, double seconds);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Emergency of {Unit} in {TalkGroupId} cleared by {ClearedBy}")]
    private static partial void LogCleared(ILogger logger, UnitId unit, TalkGroupId talkGroupId, string clearedBy);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Unit {Unit} status {Status} via {Source}")]
    private static partial void LogStatus(ILogger logger, UnitId unit, string status, string source);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Emergency of {Unit} in {TalkGroupId} restored after restart (raised {RaisedAt})")]
    private static partial void LogRestored(ILogger logger, UnitId unit, TalkGroupId talkGroupId, DateTimeOffset raisedAt);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "Field signal {Kind} '{Value}' from {Endpoint} names no known unit")]
    private static partial void LogSignalUnmatched(ILogger logger, SignalKind kind, string value, EndpointId endpoint);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning, Message = "Field signal {Kind} '{Value}' rejected: {Reason}")]
    private static partial void LogSignalRejected(ILogger logger, SignalKind kind, string value, string reason);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Information, Message = "Unit {Unit} took the floor at emergency priority")]
    private static partial void LogPriorityUsed(ILogger logger, UnitId unit);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Unit {Unit} reported {Status} but has no mutual-aid talk group to page (event only)")]
    private static partial void LogNoMutualAid(ILogger logger, UnitId unit, string status);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Unit {Unit} backup request paged as alert {AlertId} in {TalkGroups}")]
    private static partial void LogMutualAidPaged(ILogger logger, UnitId unit, string alertId, string talkGroups);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Error, Message = "Unit {Unit} backup request could not be paged")]
    private static partial void LogMutualAidFailed(ILogger logger, Exception exception, UnitId unit);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Error, Message = "Unit state of {Unit} could not be saved")]
    private static partial void LogPersistFailed(ILogger logger, Exception exception, UnitId unit);
}

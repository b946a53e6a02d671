using Gateway.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Gateway.Storage.Recording;

public sealed partial class RecordingService
{
    [LoggerMessage(EventId = 9020, Level = LogLevel.Information, Message = "Recording talk group {TalkGroupId}")]
    private static partial void LogAttached(ILogger logger, TalkGroupId talkGroupId);

    [LoggerMessage(EventId = 9021, Level = LogLevel.Information, Message = "Stopped recording talk group {TalkGroupId}")]
    private static partial void LogDetached(ILogger logger, TalkGroupId talkGroupId);

    [LoggerMessage(EventId = 9022, Level = LogLevel.Debug, Message = "Recording call {CallId} of {TalkGroupId} to {Path}")]
    private static partial void LogOpened(ILogger logger, CallId callId, TalkGroupId talkGroupId, string path);

    [LoggerMessage(EventId = 9023, Level = LogLevel.Information, Message = "Recorded call {CallId}: {Seconds:F1} s, {Bytes} bytes, {Segments} transmission(s)")]
    private static partial void LogCompleted(ILogger logger, CallId callId, double seconds, long bytes, int segments);

    [LoggerMessage(EventId = 9024, Level = LogLevel.Error, Message = "Recording of call {CallId} failed")]
    private static partial void LogRecordingFailed(ILogger logger, Exception exception, CallId callId);

    [LoggerMessage(EventId = 9025, Level = LogLevel.Warning, Message = "Disk space guard: {Reason}")]
    private static partial void LogDiskLow(ILogger logger, string reason);

    [LoggerMessage(EventId = 9026, Level = LogLevel.Information, Message = "Disk space guard: {FreeMegabytes} MB free, recording resumed")]
    private static partial void LogDiskOk(ILogger logger, long freeMegabytes);

    [LoggerMessage(EventId = 9027, Level = LogLevel.Error, Message = "Recorder loop error (the item was skipped)")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9028, Level = LogLevel.Warning, Message = "Indexed {Count} recording(s) cut by the previous run's end (playable up to their last flushed second)")]
    private static partial void LogRecovered(ILogger logger, int count);
}

using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>Opens a call's recording for <c>Calls.GetRecording</c>.</summary>
public interface IRecordingStore
{
    /// <summary>
    /// Opens the call's Ogg Opus file for reading (shared read: it may still be growing when the call is open).
    /// Null when the call has no recording or its file is gone (retention, manual deletion).
    /// </summary>
    Task<RecordingStream?> OpenRecordingAsync(CallId call, CancellationToken cancellationToken = default);
}

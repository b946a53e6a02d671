using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>The index of recording files (the files themselves live under <c>Gateway:Recording:Directory</c>).</summary>
public interface IRecordingRepository
{
    /// <summary>Records that a call's file was opened (so a crash still leaves the file findable).</summary>
    Task RecordingStartedAsync(RecordingInfo recording, CancellationToken cancellationToken = default);

    /// <summary>Stores the final duration, size and talker segments of a closed file.</summary>
    Task RecordingCompletedAsync(RecordingInfo recording, CancellationToken cancellationToken = default);

    Task<RecordingInfo?> GetAsync(CallId call, CancellationToken cancellationToken = default);

    /// <summary>Recordings opened but never closed (the process died mid-call), oldest first.</summary>
    Task<IReadOnlyList<RecordingInfo>> ListUnfinishedAsync(CancellationToken cancellationToken = default);
}

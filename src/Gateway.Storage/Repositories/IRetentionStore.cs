namespace Gateway.Storage.Repositories;

/// <summary>What the retention job needs from a provider: old recordings to delete, then old rows.</summary>
public interface IRetentionStore
{
    /// <summary>Recordings of calls started before <paramref name="cutoff"/> (their files are deleted first).</summary>
    Task<IReadOnlyList<RecordingInfo>> ListRecordingsStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes closed calls started before <paramref name="cutoff"/> with their transmissions, and recordings (with
    /// segments) started before it, in one transaction. Open calls are kept. Returns the number of calls deleted.
    /// </summary>
    Task<int> DeleteStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}

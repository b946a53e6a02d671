namespace Gateway.Storage.Repositories;

/// <summary>
/// Patches. The event writer stores them from <see cref="Core.Events.PatchChanged"/> events; the host can restore the
/// active ones at start.
/// </summary>
public interface IPatchRepository
{
    Task<IReadOnlyList<StoredPatch>> ListActiveAsync(CancellationToken cancellationToken = default);
}

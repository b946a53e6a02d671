using Gateway.Core.Events;

namespace Gateway.Storage.Repositories;

/// <summary>
/// Persists a batch of gateway events (calls, transmissions, duty, patches) atomically: one transaction per batch, so a
/// crash loses at most the batch being written and never half of one. Events the store does not persist are ignored.
/// </summary>
public interface IEventBatchStore
{
    /// <summary>Writes the batch in one transaction; returns the number of events that changed stored state.</summary>
    Task<int> WriteBatchAsync(IReadOnlyList<GatewayEvent> batch, CancellationToken cancellationToken = default);
}

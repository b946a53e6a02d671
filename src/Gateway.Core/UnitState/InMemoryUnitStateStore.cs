using System.Collections.Concurrent;
using Gateway.Core.Identity;

namespace Gateway.Core.UnitState;

/// <summary>The store without storage configured: state lives as long as the process (documented as such).</summary>
public sealed class InMemoryUnitStateStore : IUnitStateStore
{
    private readonly ConcurrentDictionary<UnitId, UnitStateRecord> _states = new();

    public Task SaveAsync(UnitStateRecord state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        _states[state.Unit] = state;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UnitStateRecord>> LoadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UnitStateRecord>>([.. _states.Values]);
}

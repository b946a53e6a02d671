using System.Collections.Concurrent;
using Gateway.Core.Identity;

namespace Gateway.Core.Positions;

/// <summary>Keeps last positions for the process lifetime only (no storage configured).</summary>
public sealed class InMemoryPositionStore : IPositionStore
{
    private readonly ConcurrentDictionary<UnitId, UnitPosition> _positions = new();

    public Task SaveAsync(UnitPosition position, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(position);
        _positions[position.Unit] = position;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UnitPosition>> LoadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UnitPosition>>([.. _positions.Values]);
}

namespace Gateway.Core.Positions;

/// <summary>
/// Where last positions are kept so they survive a restart (the storage project provides the SQLite one;
/// <see cref="InMemoryPositionStore"/> is the default without storage). One row per unit: the last fix.
/// </summary>
public interface IPositionStore
{
    Task SaveAsync(UnitPosition position, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UnitPosition>> LoadAsync(CancellationToken cancellationToken = default);
}

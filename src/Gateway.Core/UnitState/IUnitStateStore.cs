namespace Gateway.Core.UnitState;

/// <summary>Keeps unit status and open emergencies so an emergency survives a restart until a dispatcher clears it (SQLite in storage).</summary>
public interface IUnitStateStore
{
    Task SaveAsync(UnitStateRecord state, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UnitStateRecord>> LoadAsync(CancellationToken cancellationToken = default);
}

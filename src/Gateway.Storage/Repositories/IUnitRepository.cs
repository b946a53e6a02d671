using Gateway.Core.Identity;
using Gateway.Core.Units;

namespace Gateway.Storage.Repositories;

/// <summary>Units created at run time and their talk-group memberships (<see cref="UnitSettings.TalkGroups"/>).</summary>
public interface IUnitRepository
{
    /// <summary>Creates or replaces the unit and its memberships, in one transaction.</summary>
    Task UpsertAsync(UnitSettings settings, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(UnitId id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UnitSettings>> ListAsync(CancellationToken cancellationToken = default);
}

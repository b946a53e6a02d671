using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;

namespace Gateway.Storage.Repositories;

/// <summary>Talk groups created or changed at run time (through the API), restored into the switchboard at start.</summary>
public interface ITalkGroupRepository
{
    Task UpsertAsync(TalkGroupSettings settings, CancellationToken cancellationToken = default);

    /// <summary>False when the group was not stored.</summary>
    Task<bool> DeleteAsync(TalkGroupId id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TalkGroupSettings>> ListAsync(CancellationToken cancellationToken = default);
}

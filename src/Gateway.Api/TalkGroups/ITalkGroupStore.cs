using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;

namespace Gateway.Api.TalkGroups;

/// <summary>
/// Where talk groups created or changed through the API are kept so they survive a restart. With storage registered
/// (<c>AddGatewayStorage</c>) this is <see cref="RepositoryTalkGroupStore"/> over its SQLite repository; without it,
/// <see cref="InMemoryTalkGroupStore"/> keeps them for the life of the process only.
/// </summary>
public interface ITalkGroupStore
{
    /// <summary>True when changes survive a restart.</summary>
    bool IsPersistent { get; }

    Task<IReadOnlyList<TalkGroupSettings>> LoadAsync(CancellationToken cancellationToken);

    Task SaveAsync(TalkGroupSettings settings, CancellationToken cancellationToken);

    Task DeleteAsync(TalkGroupId id, CancellationToken cancellationToken);

    /// <summary>True when the group was created or changed at run time (answered from memory).</summary>
    bool Contains(TalkGroupId id);
}

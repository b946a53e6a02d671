using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;

namespace Gateway.Api.TalkGroups;

/// <summary>
/// Where talk groups created or changed through the API are kept so they survive a restart. The storage work provides
/// the persistent implementation; until it is registered, <see cref="InMemoryTalkGroupStore"/> keeps them for the
/// life of the process only.
/// </summary>
public interface ITalkGroupStore
{
    /// <summary>True when changes survive a restart.</summary>
    bool IsPersistent { get; }

    IReadOnlyList<TalkGroupSettings> Load();

    void Save(TalkGroupSettings settings);

    void Delete(TalkGroupId id);

    bool Contains(TalkGroupId id);
}

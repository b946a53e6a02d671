using System.Collections.Concurrent;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;

namespace Gateway.Api.TalkGroups;

/// <summary>Run-time talk-group changes for the life of the process (not persistent; see <see cref="ITalkGroupStore"/>).</summary>
public sealed class InMemoryTalkGroupStore : ITalkGroupStore
{
    private readonly ConcurrentDictionary<TalkGroupId, TalkGroupSettings> _groups = new();

    public bool IsPersistent => false;

    public IReadOnlyList<TalkGroupSettings> Load() => [.. _groups.Values];

    public void Save(TalkGroupSettings settings) => _groups[settings.Id] = settings;

    public void Delete(TalkGroupId id) => _groups.TryRemove(id, out _);

    public bool Contains(TalkGroupId id) => _groups.ContainsKey(id);
}

using System.Collections.Concurrent;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;

namespace Gateway.Api.TalkGroups;

/// <summary>Run-time talk-group changes for the life of the process (not persistent; see <see cref="ITalkGroupStore"/>).</summary>
public sealed class InMemoryTalkGroupStore : ITalkGroupStore
{
    private readonly ConcurrentDictionary<TalkGroupId, TalkGroupSettings> _groups = new();

    public bool IsPersistent => false;

    public Task<IReadOnlyList<TalkGroupSettings>> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TalkGroupSettings>>([.. _groups.Values]);

    public Task SaveAsync(TalkGroupSettings settings, CancellationToken cancellationToken)
    {
        _groups[settings.Id] = settings;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(TalkGroupId id, CancellationToken cancellationToken)
    {
        _groups.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public bool Contains(TalkGroupId id) => _groups.ContainsKey(id);
}

using System.Collections.Concurrent;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Storage.Repositories;

namespace Gateway.Api.TalkGroups;

/// <summary>Run-time talk-group changes persisted through storage's <see cref="ITalkGroupRepository"/> (SQLite).</summary>
public sealed class RepositoryTalkGroupStore : ITalkGroupStore
{
    private readonly ITalkGroupRepository _repository;
    private readonly ConcurrentDictionary<TalkGroupId, bool> _ids = new();

    public RepositoryTalkGroupStore(ITalkGroupRepository repository)
    {
        _repository = repository;
    }

    public bool IsPersistent => true;

    public async Task<IReadOnlyList<TalkGroupSettings>> LoadAsync(CancellationToken cancellationToken)
    {
        var groups = await _repository.ListAsync(cancellationToken);
        foreach (var group in groups)
        {
            _ids[group.Id] = true;
        }

        return groups;
    }

    public async Task SaveAsync(TalkGroupSettings settings, CancellationToken cancellationToken)
    {
        await _repository.UpsertAsync(settings, cancellationToken);
        _ids[settings.Id] = true;
    }

    public async Task DeleteAsync(TalkGroupId id, CancellationToken cancellationToken)
    {
        await _repository.DeleteAsync(id, cancellationToken);
        _ids.TryRemove(id, out _);
    }

    public bool Contains(TalkGroupId id) => _ids.ContainsKey(id);
}

using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>A patch (linked talk groups); <see cref="RemovedAt"/> is set once unpatched (history is kept).</summary>
public sealed record StoredPatch(PatchId Id, IReadOnlyList<TalkGroupId> Groups, DateTimeOffset CreatedAt, DateTimeOffset? RemovedAt);

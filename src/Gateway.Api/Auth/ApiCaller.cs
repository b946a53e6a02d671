using Gateway.Core.Identity;

namespace Gateway.Api.Auth;

/// <summary>The authenticated caller of one gRPC call: the key's name, its highest role and its talk-group allow-list.</summary>
public sealed class ApiCaller
{
    private readonly HashSet<string>? _groups;

    public ApiCaller(string name, ApiRole role, IReadOnlyCollection<string> talkGroups)
    {
        Name = name;
        Role = role;
        // "*" (or no list) means every group.
        _groups = talkGroups.Count == 0 || talkGroups.Contains("*") ? null : new HashSet<string>(talkGroups, StringComparer.Ordinal);
    }

    /// <summary>The key's configured name (never the key).</summary>
    public string Name { get; }

    public ApiRole Role { get; }

    public bool AllGroups => _groups is null;

    public bool HasRole(ApiRole role) => Role >= role;

    public bool MayUse(TalkGroupId group) => _groups is null || _groups.Contains(group.Value);

    public override string ToString() => Name;
}

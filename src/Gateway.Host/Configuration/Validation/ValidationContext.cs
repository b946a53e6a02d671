namespace Gateway.Host.Configuration.Validation;

/// <summary>What validators share: the problem list and the ids seen so far (talk groups, endpoints across all connectors).</summary>
internal sealed class ValidationContext(ConfigurationProblems problems)
{
    /// <summary>Ids are compared exactly (they are keys in the API and in call records).</summary>
    private readonly HashSet<string> _talkGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _endpoints = new(StringComparer.Ordinal);

    public ConfigurationProblems Problems { get; } = problems;

    public void AddTalkGroup(string id) => _talkGroups.Add(id);

    public bool IsTalkGroup(string id) => _talkGroups.Contains(id);

    /// <summary>Registers an endpoint id (unique across every connector); false when another endpoint already has it.</summary>
    public bool TryAddEndpoint(string id, string key) => _endpoints.TryAdd(id, key);

    /// <summary>The key of the <c>Id</c> that defines endpoint <paramref name="id"/>, or null when none does.</summary>
    public string? EndpointKey(string id) => _endpoints.GetValueOrDefault(id);
}

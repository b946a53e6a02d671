using Gateway.Core.Configuration;

namespace Gateway.Host.Configuration.Validation;

/// <summary>
/// Collects every configuration problem, one line each, naming the key and the value:
/// <c>Gateway:TalkGroups[1]:Id 'tianhe-1' is duplicated</c>. Validation never stops at the first problem.
/// </summary>
public sealed class ConfigurationProblems
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public bool HasAny => _lines.Count > 0;

    /// <summary><c>{key} '{value}' {problem}</c>.</summary>
    public void Invalid(string key, string? value, string problem) => _lines.Add($"{key} '{value}' {problem}");

    /// <summary>A problem that has no single value to quote: <c>{key} {problem}</c>.</summary>
    public void Key(string key, string problem) => _lines.Add($"{key} {problem}");

    public void Required(string key) => _lines.Add($"{key} is required");

    /// <summary>A broken rule found by a connector's own rules, under the entry's <paramref name="key"/>.</summary>
    public void Setting(string key, SettingProblem problem) => _lines.Add(problem.ToLine(key));
}

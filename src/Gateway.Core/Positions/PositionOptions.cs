namespace Gateway.Core.Positions;

/// <summary><c>Gateway:Positions</c>: how long a reported position counts as current.</summary>
public sealed class PositionOptions
{
    public const string SectionName = "Gateway:Positions";

    /// <summary>A position older than this is stale: shown as such and never used to pick the nearest units.</summary>
    public int StaleAfterSeconds { get; set; } = 300;

    /// <summary>Every problem, one line each naming the key (empty when valid).</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var problems = new List<string>();
        if (StaleAfterSeconds is < 1 or > 7 * 24 * 3600)
        {
            problems.Add($"{section}:StaleAfterSeconds must be between 1 and 604800 (7 days) (got {StaleAfterSeconds}).");
        }

        return problems;
    }
}

using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;

namespace Gateway.Core.Configuration;

/// <summary>
/// Turns configuration options into core settings. <c>Validate</c> returns every problem, one line each naming the
/// configuration key (the host prints them all and exits 2); <c>ToSettings</c> throws with the same text.
/// </summary>
public static class CoreOptionsMapping
{
    public static IReadOnlyList<string> Validate(this TalkGroupOptions options, string key = "Gateway:TalkGroups:0")
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        CheckId(options.Id, key, problems);
        if (options.HangTimeMs is < 0 or > 60_000)
        {
            problems.Add($"{key}:HangTimeMs must be between 0 and 60000 (got {options.HangTimeMs}).");
        }

        if (options.MaxTransmitSeconds is < 0 or > 3600)
        {
            problems.Add($"{key}:MaxTransmitSeconds must be between 0 (no limit) and 3600 (got {options.MaxTransmitSeconds}).");
        }

        if (options.QueueTimeoutSeconds is < 0 or > 3600)
        {
            problems.Add($"{key}:QueueTimeoutSeconds must be between 0 (no expiry) and 3600 (got {options.QueueTimeoutSeconds}).");
        }

        return problems;
    }

    public static TalkGroupSettings ToSettings(this TalkGroupOptions options, string key = "Gateway:TalkGroups:0")
    {
        ThrowIfInvalid(Validate(options, key));
        var id = options.Id.Trim();
        return new TalkGroupSettings(
            new TalkGroupId(id),
            string.IsNullOrWhiteSpace(options.Name) ? id : options.Name.Trim(),
            TimeSpan.FromMilliseconds(options.HangTimeMs),
            TimeSpan.FromSeconds(options.MaxTransmitSeconds),
            options.QueueRequests,
            TimeSpan.FromSeconds(options.QueueTimeoutSeconds),
            options.Record);
    }

    public static IReadOnlyList<string> Validate(this UnitOptions options, string key = "Gateway:Units:0")
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        CheckId(options.Id, key, problems);
        for (var i = 0; i < options.TalkGroups.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.TalkGroups[i]))
            {
                problems.Add($"{key}:TalkGroups:{i} must not be empty.");
            }
        }

        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Endpoints[i]))
            {
                problems.Add($"{key}:Endpoints:{i} must not be empty.");
            }
        }

        if (options.DtmfId is { Length: > 0 } dtmf && !dtmf.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or (>= 'A' and <= 'D')))
        {
            problems.Add($"{key}:DtmfId may contain only 0-9, *, # and A-D (got '{dtmf}').");
        }

        if (options.SelCall is { Length: > 0 } selCall && !selCall.All(char.IsAsciiDigit))
        {
            problems.Add($"{key}:SelCall may contain only digits (got '{selCall}').");
        }

        return problems;
    }

    public static UnitSettings ToSettings(this UnitOptions options, string key = "Gateway:Units:0")
    {
        ThrowIfInvalid(Validate(options, key));
        var id = options.Id.Trim();
        return new UnitSettings(
            new UnitId(id),
            string.IsNullOrWhiteSpace(options.Name) ? id : options.Name.Trim(),
            [.. options.TalkGroups.Select(g => new TalkGroupId(g.Trim())).Distinct()],
            Blank(options.MumbleUser),
            Blank(options.SelCall),
            Blank(options.DtmfId))
        {
            MutualAidTalkGroups = [.. options.MutualAidTalkGroups.Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => new TalkGroupId(g.Trim())).Distinct()],
        };
    }

    /// <summary>The terminals bound to the unit (<c>Endpoints</c>), trimmed and without duplicates.</summary>
    public static IReadOnlyList<EndpointId> ToEndpointIds(this UnitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. options.Endpoints.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => new EndpointId(e.Trim())).Distinct()];
    }

    private static void CheckId(string? id, string key, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add($"{key}:Id must not be empty.");
        }
        else if (id.Trim().Any(char.IsWhiteSpace))
        {
            problems.Add($"{key}:Id must not contain spaces (got '{id}').");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void ThrowIfInvalid(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }
    }
}

using System.Globalization;
using Gateway.Core.Identity;
using Microsoft.Extensions.Options;

namespace Gateway.Connectors.Mumble;

/// <summary>
/// Checks every Mumble entry at start and reports all problems at once, one line each naming its configuration key
/// (<c>Gateway:Connectors:Mumble[0]:Bitrate '128000' must be ...</c>). The settings' rules are <see cref="MumbleSettingRules"/>,
/// the same the host's configuration check uses; this adds the id every entry needs.
/// </summary>
public sealed class MumbleConnectorOptionsValidator : IValidateOptions<MumbleConnectorsOptions>
{
    /// <inheritdoc cref="MumbleSettingRules.MaxBitrate"/>
    public const int MaxBitrate = MumbleSettingRules.MaxBitrate;

    public ValidateOptionsResult Validate(string? name, MumbleConnectorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Servers.Count; i++)
        {
            errors.AddRange(ValidateEntry(Key(i), options.Servers[i], ids));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The key of entry <paramref name="index"/>, written as the host writes it: <c>Gateway:Connectors:Mumble[0]</c>.</summary>
    public static string Key(int index) => string.Create(CultureInfo.InvariantCulture, $"Gateway:Connectors:Mumble[{index}]");

    /// <summary>Problems of one entry, each prefixed with its key (e.g. <c>Gateway:Connectors:Mumble[0]:Port</c>).</summary>
    public static IEnumerable<string> ValidateEntry(string key, MumbleConnectorOptions o, ISet<string>? seenIds = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (string.IsNullOrWhiteSpace(o.Id))
        {
            yield return $"{key}:Id is required";
        }
        else if (IdRules.Problem(o.Id) is { } problem)
        {
            yield return $"{key}:Id '{o.Id}' {problem}";
        }
        else if (seenIds is not null && !seenIds.Add(o.Id))
        {
            yield return $"{key}:Id '{o.Id}' is duplicated";
        }

        foreach (var problem in MumbleSettingRules.Check(o))
        {
            yield return problem.ToLine(key);
        }
    }
}

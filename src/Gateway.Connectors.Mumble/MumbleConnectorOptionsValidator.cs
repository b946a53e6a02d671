using System.Text.RegularExpressions;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core.Floor;
using Microsoft.Extensions.Options;

namespace Gateway.Connectors.Mumble;

/// <summary>Checks every Mumble entry at start and reports all problems at once, each naming its configuration key.</summary>
public sealed partial class MumbleConnectorOptionsValidator : IValidateOptions<MumbleConnectorsOptions>
{
    /// <summary>Above ~56 kbit/s a 20 ms Opus packet exceeds ~140 bytes and murmurd's default bandwidth limit drops voice.</summary>
    public const int MaxBitrate = 56_000;

    public ValidateOptionsResult Validate(string? name, MumbleConnectorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Servers.Count; i++)
        {
            errors.AddRange(ValidateEntry($"Gateway:Connectors:Mumble:{i}", options.Servers[i], ids));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Problems of one entry, each prefixed with its key (e.g. <c>Gateway:Connectors:Mumble:0:Port</c>).</summary>
    public static IEnumerable<string> ValidateEntry(string key, MumbleConnectorOptions o, ISet<string>? seenIds = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (string.IsNullOrWhiteSpace(o.Id))
        {
            yield return $"{key}:Id is required.";
        }
        else if (seenIds is not null && !seenIds.Add(o.Id))
        {
            yield return $"{key}:Id '{o.Id}' is used by another Mumble entry.";
        }

        if (string.IsNullOrWhiteSpace(o.Host))
        {
            yield return $"{key}:Host is required.";
        }

        if (o.Port is < 1 or > 65535)
        {
            yield return $"{key}:Port must be 1..65535, got {o.Port}.";
        }

        if (string.IsNullOrWhiteSpace(o.Username) || !UserNamePattern().IsMatch(o.Username))
        {
            yield return $"{key}:Username '{o.Username}' is not a valid Mumble user name (letters, digits, -=[]{{}}()@|. and no spaces).";
        }

        if (!string.IsNullOrWhiteSpace(o.CertificateFingerprint))
        {
            string? problem = null;
            try
            {
                ServerCertificatePolicy.NormalizeFingerprint(o.CertificateFingerprint);
            }
            catch (ArgumentException ex)
            {
                problem = ex.Message.Split(" (Parameter", 2)[0];
            }

            if (problem is not null)
            {
                yield return $"{key}:CertificateFingerprint: {problem}";
            }
        }

        if (!string.IsNullOrWhiteSpace(o.ClientCertificate) && !File.Exists(o.ClientCertificate))
        {
            yield return $"{key}:ClientCertificate file '{o.ClientCertificate}' does not exist.";
        }

        if (o.Channels.Count == 0)
        {
            yield return $"{key}:Channels must map at least one Mumble channel path to a talk group.";
        }

        foreach (var (path, group) in o.Channels)
        {
            if (string.IsNullOrWhiteSpace(group))
            {
                yield return $"{key}:Channels:{path} must name a talk group.";
            }
        }

        if (!Enum.TryParse<Priority>(o.Priority, ignoreCase: true, out _) || int.TryParse(o.Priority, out _))
        {
            yield return $"{key}:Priority '{o.Priority}' must be one of normal, dispatcher, alert, emergency.";
        }

        if (o.Bitrate is < 6_000 or > MaxBitrate)
        {
            yield return $"{key}:Bitrate must be 6000..{MaxBitrate} bit/s (Mumble servers drop larger voice packets), got {o.Bitrate}.";
        }

        if (o.ReconnectMaxSeconds < 1)
        {
            yield return $"{key}:ReconnectMaxSeconds must be at least 1, got {o.ReconnectMaxSeconds}.";
        }

        if (o.AckKeywords.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{key}:AckKeywords must not contain empty entries.";
        }
    }

    /// <summary>murmurd's default username regex <c>[-=\w\[\]\{\}\(\)\@\|\.]+</c>, leaving room for the <c>-n</c> suffix.</summary>
    [GeneratedRegex(@"^[-=\w\[\]\{\}\(\)\@\|\.]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex UserNamePattern();
}

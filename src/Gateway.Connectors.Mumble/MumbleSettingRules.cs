using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Core.Configuration;

namespace Gateway.Connectors.Mumble;

/// <summary>
/// The rules for a Mumble entry's settings, kept in one place: the host's configuration check and the connector's own
/// start-up check both use them, so both accept the same settings and print the same line. Identity (the id's shape and
/// uniqueness) and whether a mapped talk group exists are checked by whoever knows all ids, not here.
/// </summary>
public static partial class MumbleSettingRules
{
    public const int MinBitrate = 6_000;

    /// <summary>
    /// Above ~56 kbit/s a 20 ms Opus packet plus its headers exceeds the 72 kbit/s that murmurd allows by default
    /// (<c>bandwidth</c>), and the server silently drops the voice.
    /// </summary>
    public const int MaxBitrate = 56_000;

    public const int MaxPort = 65_535;

    /// <summary>SHA-256, the hash the connector compares against the server's certificate.</summary>
    public const int FingerprintHexDigits = 64;

    public static IReadOnlyList<string> Priorities { get; } = ["normal", "dispatcher", "alert", "emergency"];

    /// <summary>Every broken rule of <paramref name="options"/>, in the order of the settings; empty when they are valid.</summary>
    public static IReadOnlyList<SettingProblem> Check(MumbleConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<SettingProblem>();

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            problems.Add(new(nameof(options.Host), null, "is required"));
        }
        else if (Uri.CheckHostName(options.Host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            problems.Add(new(nameof(options.Host), options.Host, "is not a host name or IP address"));
        }

        Range(problems, nameof(options.Port), options.Port, 1, MaxPort);
        if (string.IsNullOrWhiteSpace(options.Username))
        {
            problems.Add(new(nameof(options.Username), null, "is required"));
        }
        else if (!UserNamePattern().IsMatch(options.Username))
        {
            problems.Add(new(nameof(options.Username), options.Username, "is not a valid Mumble user name (letters, digits and -=[]{}()@|. without spaces)"));
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateFingerprint) && NormalizeFingerprint(options.CertificateFingerprint) is null)
        {
            problems.Add(new(nameof(options.CertificateFingerprint), options.CertificateFingerprint, $"is not a SHA-256 fingerprint ({FingerprintHexDigits} hex digits, ':' or spaces between them allowed)"));
        }

        if (!string.IsNullOrEmpty(options.ClientCertificate) && !File.Exists(options.ClientCertificate))
        {
            problems.Add(new(nameof(options.ClientCertificate), options.ClientCertificate, "does not exist"));
        }

        if (options.Channels.Count == 0)
        {
            problems.Add(new(nameof(options.Channels), null, "is required (Mumble channel path → talk group id)"));
        }

        foreach (var (path, group) in options.Channels)
        {
            if (string.IsNullOrWhiteSpace(group))
            {
                problems.Add(new($"{nameof(options.Channels)}:{path}", null, "is required (the talk group id)"));
            }
        }

        if (!Priorities.Contains(options.Priority ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(string.IsNullOrWhiteSpace(options.Priority)
                ? new(nameof(options.Priority), null, "is required (one of " + string.Join(", ", Priorities) + ")")
                : new(nameof(options.Priority), options.Priority, "is not one of " + string.Join(", ", Priorities)));
        }

        Range(problems, nameof(options.Bitrate), options.Bitrate, MinBitrate, MaxBitrate, "Mumble servers drop larger voice packets");
        if (options.ReconnectMaxSeconds < 1)
        {
            problems.Add(new(nameof(options.ReconnectMaxSeconds), Text(options.ReconnectMaxSeconds), "must be at least 1"));
        }

        for (var i = 0; i < options.AckKeywords.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.AckKeywords[i]))
            {
                problems.Add(new(string.Create(CultureInfo.InvariantCulture, $"{nameof(options.AckKeywords)}[{i}]"), options.AckKeywords[i] ?? string.Empty, "must not be empty"));
            }
        }

        return problems;
    }

    /// <summary>
    /// The fingerprint as upper-case hex without separators, or null when it is not <see cref="FingerprintHexDigits"/> hex
    /// digits optionally separated by ':' or white space ("AB:CD:..", "abcd ..").
    /// </summary>
    public static string? NormalizeFingerprint(string? fingerprint)
    {
        if (fingerprint is null)
        {
            return null;
        }

        var hex = new System.Text.StringBuilder(FingerprintHexDigits);
        foreach (var c in fingerprint)
        {
            if (char.IsAsciiHexDigit(c))
            {
                hex.Append(char.ToUpperInvariant(c));
            }
            else if (c != ':' && !char.IsWhiteSpace(c))
            {
                return null; // a stray character means the value was pasted wrong; never guess around it
            }
        }

        return hex.Length == FingerprintHexDigits ? hex.ToString() : null;
    }

    private static void Range(List<SettingProblem> problems, string setting, int value, int min, int max, string? why = null)
    {
        if (value >= min && value <= max)
        {
            return;
        }

        var problem = $"must be between {Text(min)} and {Text(max)}";
        problems.Add(new(setting, Text(value), why is null ? problem : $"{problem} ({why})"));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>murmurd's default username regex <c>[-=\w\[\]\{\}\(\)\@\|\.]+</c>, leaving room for the <c>-n</c> suffix.</summary>
    [GeneratedRegex(@"^[-=\w\[\]\{\}\(\)\@\|\.]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex UserNamePattern();
}

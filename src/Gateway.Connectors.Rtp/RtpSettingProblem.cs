using System.Globalization;

namespace Gateway.Connectors.Rtp;

/// <summary>
/// One broken rule of an RTP endpoint's settings. <see cref="Setting"/> is the name under the endpoint's own key
/// (<c>Ttl</c>, <c>AllowedSources[1]</c>), so the configuration file can report <c>Gateway:Connectors:Rtp[0]:Ttl</c> and the
/// API <c>settings.ttl</c> from the same problem.
/// </summary>
/// <param name="Setting">The setting's name, with a list index when the problem is one entry of a list.</param>
/// <param name="Value">The offending value as written, or null when there is none to quote (a missing value).</param>
/// <param name="Problem">What is wrong, as a predicate: <c>must be between 1 and 255</c>.</param>
public sealed record RtpSettingProblem(string Setting, string? Value, string Problem)
{
    /// <summary>The setting without a list index: <c>AllowedSources[1]</c> → <c>AllowedSources</c>.</summary>
    public string SettingName => Setting.IndexOf('[', StringComparison.Ordinal) is var bracket and >= 0 ? Setting[..bracket] : Setting;

    /// <summary>The problem without the key: <c>'0' must be between 1 and 255</c>, or <c>is required</c>.</summary>
    public string Describe() => Value is null ? Problem : string.Create(CultureInfo.InvariantCulture, $"'{Value}' {Problem}");

    /// <summary>The configuration line: <c>{key}:{Setting} '{Value}' {Problem}</c>.</summary>
    public string ToLine(string key) => string.Create(CultureInfo.InvariantCulture, $"{key}:{Setting} {Describe()}");
}

using System.Globalization;

namespace Gateway.Core.Configuration;

/// <summary>
/// One broken rule of a connector entry's settings, found by the connector's own rules. <see cref="Setting"/> is the name
/// under the entry's key (<c>Bitrate</c>, <c>AckKeywords[1]</c>), so the host's configuration check and the connector
/// itself print the same line under their own key.
/// </summary>
/// <param name="Setting">The setting's name, with a list index or child key when the problem is one entry of it.</param>
/// <param name="Value">The offending value as written, or null when there is none to quote (a missing value).</param>
/// <param name="Problem">What is wrong, as a predicate: <c>must be between 6000 and 56000</c>.</param>
public sealed record SettingProblem(string Setting, string? Value, string Problem)
{
    /// <summary>The problem without the key: <c>'0' must be at least 1</c>, or <c>is required</c>.</summary>
    public string Describe() => Value is null ? Problem : string.Create(CultureInfo.InvariantCulture, $"'{Value}' {Problem}");

    /// <summary>The configuration line: <c>{key}:{Setting} '{Value}' {Problem}</c>.</summary>
    public string ToLine(string key) => string.Create(CultureInfo.InvariantCulture, $"{key}:{Setting} {Describe()}");
}

using System.Globalization;
using Gateway.Core.Identity;

namespace Gateway.Storage.Recording;

/// <summary>Where a call's file goes: <c>&lt;Directory&gt;/yyyy/MM/dd/HHmmss_&lt;group&gt;_&lt;call&gt;.opus</c> (UTC dates).</summary>
internal static class RecordingPaths
{
    /// <summary>The path below the recording directory, '/'-separated (stored in the database).</summary>
    public static string Relative(DateTimeOffset start, TalkGroupId group, CallId call)
    {
        var utc = start.UtcDateTime;
        var name = string.Create(CultureInfo.InvariantCulture, $"{utc:HHmmss}_{Safe(group.Value)}_{Safe(call.Value)}.opus");
        return string.Create(CultureInfo.InvariantCulture, $"{utc:yyyy}/{utc:MM}/{utc:dd}/{name}");
    }

    public static string Full(string root, string relative) =>
        Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>Group and call ids come from configuration and the API: keep only characters safe in any file system.</summary>
    private static string Safe(string value)
    {
        Span<char> buffer = value.Length <= 128 ? stackalloc char[value.Length] : new char[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            buffer[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
        }

        return new string(buffer.TrimStart('.'));
    }
}

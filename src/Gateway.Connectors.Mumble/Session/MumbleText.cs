using System.Net;
using System.Text.RegularExpressions;

namespace Gateway.Connectors.Mumble.Session;

/// <summary>Mumble text messages are HTML; acknowledgements are compared on their plain text.</summary>
internal static partial class MumbleText
{
    public static string ToPlainText(string html)
    {
        var withoutTags = TagPattern().Replace(html, " ");
        return WebUtility.HtmlDecode(withoutTags).Trim();
    }

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TagPattern();
}

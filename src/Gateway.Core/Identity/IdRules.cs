namespace Gateway.Core.Identity;

/// <summary>
/// The one rule for the ids people choose: talk groups, units and endpoints, in the configuration file and through the API.
/// Ids become file and folder names (recordings), URL path segments, metric labels and log properties, so they are
/// 1..64 ASCII letters, digits, '-', '_' and '.', starting with a letter or digit (never '.', which hides a file or
/// walks up a path, nor '-', which a command line reads as an option).
/// </summary>
public static class IdRules
{
    public const int MaxLength = 64;

    /// <summary>The rule in words, for documentation and error texts.</summary>
    public const string Description = "letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64";

    public static bool IsValid(string? id) => Problem(id) is null;

    /// <summary>What is wrong with <paramref name="id"/> as a predicate (<c>must start with a letter or digit</c>), or null when it is valid.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "is required";
        }

        if (id.Length > MaxLength)
        {
            return $"is {id.Length} characters long; at most {MaxLength} are allowed";
        }

        if (!char.IsAsciiLetterOrDigit(id[0]))
        {
            return "must start with a letter or digit";
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return char.IsControl(c) || char.IsWhiteSpace(c)
                    ? "contains a space or control character; use letters, digits, '-', '_' or '.'"
                    : $"contains '{c}'; use letters, digits, '-', '_' or '.'";
            }
        }

        return null;
    }
}

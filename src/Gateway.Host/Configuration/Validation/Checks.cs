using System.Globalization;
using Gateway.Core.Identity;

namespace Gateway.Host.Configuration.Validation;

/// <summary>The small checks every validator uses; each reports into <see cref="ConfigurationProblems"/> and returns whether the value passed.</summary>
internal static class Checks
{
    public static readonly string[] Priorities = ["normal", "dispatcher", "alert", "emergency"];

    /// <summary>Talk group, unit and endpoint ids follow <see cref="IdRules"/>, the rule the API applies too.</summary>
    public static bool Id(ConfigurationProblems problems, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Required(key);
            return false;
        }

        if (IdRules.Problem(value) is { } problem)
        {
            problems.Invalid(key, value, problem);
            return false;
        }

        return true;
    }

    public static bool Required(ConfigurationProblems problems, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Required(key);
            return false;
        }

        return true;
    }

    public static bool NotNegative(ConfigurationProblems problems, string key, long value)
    {
        if (value < 0)
        {
            problems.Invalid(key, Text(value), "must not be negative");
            return false;
        }

        return true;
    }

    public static bool Positive(ConfigurationProblems problems, string key, long value)
    {
        if (value <= 0)
        {
            problems.Invalid(key, Text(value), "must be greater than 0");
            return false;
        }

        return true;
    }

    public static bool Range(ConfigurationProblems problems, string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            problems.Invalid(key, Text(value), string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
            return false;
        }

        return true;
    }

    /// <summary>Case-insensitive choice among names (priorities, codecs, PTT methods...).</summary>
    public static bool OneOf(ConfigurationProblems problems, string key, string? value, IReadOnlyList<string> allowed)
    {
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (string.IsNullOrEmpty(value))
        {
            problems.Key(key, "is required (one of " + string.Join(", ", allowed) + ")");
        }
        else
        {
            problems.Invalid(key, value, "is not one of " + string.Join(", ", allowed));
        }

        return false;
    }

    public static bool Priority(ConfigurationProblems problems, string key, string? value) => OneOf(problems, key, value, Priorities);

    public static bool TalkGroupReference(ValidationContext context, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            context.Problems.Required(key);
            return false;
        }

        if (!context.IsTalkGroup(value))
        {
            context.Problems.Invalid(key, value, "is not a configured talk group");
            return false;
        }

        return true;
    }

    public static bool Hex(string value, int minDigits, int maxDigits) =>
        value.Length >= minDigits && value.Length <= maxDigits && value.All(char.IsAsciiHexDigit);

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(bool value) => value ? "true" : "false";
}

using Gateway.Api.Errors;
using Gateway.Api.V1;
using Gateway.Core.Identity;

namespace Gateway.Api.Validation;

/// <summary>Input checks shared by every service; each failure is INVALID_ARGUMENT naming the field.</summary>
public static class Validate
{
    public const int MaxIdLength = IdRules.MaxLength;
    public const int MaxDisplayName = 64;
    public const int MaxText = 1000;
    public const int MaxAudioChunkBytes = 64 * 1024;

    /// <summary>
    /// The id of a talk group, unit or endpoint: <see cref="IdRules"/>, the rule the configuration file follows too
    /// (1..64 letters, digits, '-', '_', '.', starting with a letter or digit).
    /// </summary>
    public static string Id(string? value, string field)
    {
        if (IdRules.Problem(value) is { } problem)
        {
            throw ApiErrors.InvalidArgument(field, problem);
        }

        return value!;
    }

    /// <summary>
    /// An id the gateway generated and a client hands back (call, alert, patch, or a derived endpoint such as
    /// <c>alert:...</c>): <see cref="IdRules"/> plus ':', which those ids use as a separator. Only for looking things up,
    /// never for naming something new.
    /// </summary>
    public static string Reference(string? value, string field)
    {
        if (IdRules.Problem(value?.Replace(':', '-')) is { } problem)
        {
            throw ApiErrors.InvalidArgument(field, problem.Replace("'-', '_' or '.'", "'-', '_', '.' or ':'", StringComparison.Ordinal));
        }

        return value!;
    }

    public static TalkGroupId GroupId(string? value, string field = "talk_group_id") => new(Id(value, field));

    public static UnitId UnitId(string? value, string field = "unit_id") => new(Id(value, field));

    /// <summary>An optional id: empty means "not given".</summary>
    public static string? OptionalId(string? value, string field) => string.IsNullOrEmpty(value) ? null : Id(value, field);

    public static string? Text(string? value, string field, int max = MaxText)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > max)
        {
            throw ApiErrors.InvalidArgument(field, $"is {value.Length} characters long; at most {max} are allowed");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && c is not ('\n' or '\t'))
            {
                throw ApiErrors.InvalidArgument(field, "contains control characters");
            }
        }

        return value;
    }

    public static string? DisplayName(string? value, string field = "display_name") => Text(value, field, MaxDisplayName);

    public static int Range(int value, int min, int max, string field)
    {
        if (value < min || value > max)
        {
            throw ApiErrors.InvalidArgument(field, $"is {value}; it must be between {min} and {max}");
        }

        return value;
    }

    public static Core.Floor.Priority Priority(V1.Priority value, string field = "priority", Core.Floor.Priority unspecified = Core.Floor.Priority.Normal) => value switch
    {
        V1.Priority.Unspecified => unspecified,
        V1.Priority.Normal => Core.Floor.Priority.Normal,
        V1.Priority.Dispatcher => Core.Floor.Priority.Dispatcher,
        V1.Priority.Alert => Core.Floor.Priority.Alert,
        V1.Priority.Emergency => Core.Floor.Priority.Emergency,
        _ => throw ApiErrors.InvalidArgument(field, $"{(int)value} is not a priority; use NORMAL, DISPATCHER, ALERT or EMERGENCY"),
    };

    public static AudioFormat Format(AudioFormat value, string field = "format") => value switch
    {
        AudioFormat.Pcm1648K or AudioFormat.Opus => value,
        AudioFormat.Unspecified => throw ApiErrors.InvalidArgument(field, "is required: PCM16_48K or OPUS"),
        _ => throw ApiErrors.InvalidArgument(field, $"{(int)value} is not an audio format; use PCM16_48K or OPUS"),
    };

    public static T Enum<T>(T value, string field)
        where T : struct, System.Enum
    {
        if (!System.Enum.IsDefined(value))
        {
            throw ApiErrors.InvalidArgument(field, $"{Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)} is not a valid value");
        }

        return value;
    }
}

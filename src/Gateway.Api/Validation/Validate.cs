using Gateway.Api.Errors;
using Gateway.Api.V1;
using Gateway.Core.Identity;

namespace Gateway.Api.Validation;

/// <summary>Input checks shared by every service; each failure is INVALID_ARGUMENT naming the field.</summary>
public static class Validate
{
    public const int MaxIdLength = 64;
    public const int MaxDisplayName = 64;
    public const int MaxText = 1000;
    public const int MaxAudioChunkBytes = 64 * 1024;

    /// <summary>Ids: 1..64 characters of letters, digits, '.', '_', '-', ':' starting with a letter or digit.</summary>
    public static string Id(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw ApiErrors.InvalidArgument(field, "is required");
        }

        if (value.Length > MaxIdLength)
        {
            throw ApiErrors.InvalidArgument(field, $"is {value.Length} characters long; at most {MaxIdLength} are allowed");
        }

        if (!char.IsAsciiLetterOrDigit(value[0]))
        {
            throw ApiErrors.InvalidArgument(field, "must start with a letter or digit");
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or ':'))
            {
                throw ApiErrors.InvalidArgument(field, $"contains '{c}'; use letters, digits, '.', '_', '-' or ':'");
            }
        }

        return value;
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

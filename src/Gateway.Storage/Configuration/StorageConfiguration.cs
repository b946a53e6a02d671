using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Storage.Configuration;

/// <summary>
/// Reads and validates <c>Gateway:Storage</c> and <c>Gateway:Recording</c>. Every problem is reported at once, one line
/// per key, as an <see cref="OptionsValidationException"/> (the host prints them and exits 2).
/// </summary>
public static class StorageConfiguration
{
    public const string StorageSection = "Gateway:Storage";
    public const string RecordingSection = "Gateway:Recording";

    /// <summary>Reads both sections from the root configuration; throws <see cref="OptionsValidationException"/> listing every bad key.</summary>
    public static (StorageOptions Storage, RecordingOptions Recording) Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var storage = new StorageOptions();
        var recording = new RecordingOptions();

        var s = configuration.GetSection(StorageSection);
        storage.Provider = s["Provider"] ?? storage.Provider;
        storage.ConnectionString = s["ConnectionString"] ?? storage.ConnectionString;

        var r = configuration.GetSection(RecordingSection);
        recording.Enabled = ReadBool(r, "Enabled", recording.Enabled, errors);
        recording.Directory = r["Directory"] ?? recording.Directory;
        recording.RetentionDays = (int)ReadLong(r, "RetentionDays", recording.RetentionDays, int.MaxValue, errors);
        recording.MinFreeMegabytes = ReadLong(r, "MinFreeMegabytes", recording.MinFreeMegabytes, long.MaxValue / (1024 * 1024), errors);
        recording.OpusBitrate = (int)ReadLong(r, "OpusBitrate", recording.OpusBitrate, int.MaxValue, errors);

        errors.AddRange(Validate(storage, recording));
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(StorageSection, typeof(StorageOptions), errors);
        }

        return (storage, recording);
    }

    /// <summary>Checks option values; returns one message per problem, naming the key.</summary>
    public static IReadOnlyList<string> Validate(StorageOptions storage, RecordingOptions recording)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(recording);
        var errors = new List<string>();
        if (!string.Equals(storage.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{StorageSection}:Provider: unknown provider '{storage.Provider}' (supported: sqlite).");
        }

        if (string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            errors.Add($"{StorageSection}:ConnectionString: required (e.g. 'Data Source=data/gateway.db').");
        }
        else
        {
            try
            {
                var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(storage.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.DataSource))
                {
                    errors.Add($"{StorageSection}:ConnectionString: has no 'Data Source'.");
                }
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{StorageSection}:ConnectionString: {ex.Message}");
            }
        }

        if (recording.Enabled && string.IsNullOrWhiteSpace(recording.Directory))
        {
            errors.Add($"{RecordingSection}:Directory: required when recording is enabled.");
        }

        if (recording.RetentionDays < 0)
        {
            errors.Add($"{RecordingSection}:RetentionDays: must be 0 (keep forever) or more (was {recording.RetentionDays}).");
        }

        if (recording.MinFreeMegabytes < 0)
        {
            errors.Add($"{RecordingSection}:MinFreeMegabytes: must be 0 or more (was {recording.MinFreeMegabytes}).");
        }

        if (recording.OpusBitrate is < 6_000 or > 510_000)
        {
            errors.Add($"{RecordingSection}:OpusBitrate: must be between 6000 and 510000 bit/s (was {recording.OpusBitrate}).");
        }

        return errors;
    }

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{section.Path}:{key}: '{text}' is not true or false.");
        return fallback;
    }

    private static long ReadLong(IConfigurationSection section, string key, long fallback, long maximum, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= -maximum && value <= maximum)
        {
            return value;
        }

        errors.Add($"{section.Path}:{key}: '{text}' is not a whole number (at most {maximum}).");
        return fallback;
    }
}

using System.Data.Common;
using Gateway.Storage;

namespace Gateway.Host.Configuration.Validation;

/// <summary><c>Gateway:Storage</c>, <c>Gateway:Recording</c> and <c>Gateway:Logging</c>: where data goes.</summary>
internal static class StorageOptionsValidator
{
    public static void Validate(StorageOptions storage, RecordingOptions recording, LogFileOptions logging, ValidationContext context)
    {
        var problems = context.Problems;
        Checks.OneOf(problems, "Gateway:Storage:Provider", storage.Provider, ["sqlite"]);
        if (Checks.Required(problems, "Gateway:Storage:ConnectionString", storage.ConnectionString)
            && DataSource(storage.ConnectionString) is null)
        {
            problems.Invalid("Gateway:Storage:ConnectionString", storage.ConnectionString, "is not a connection string with a Data Source (e.g. Data Source=data/gateway.db)");
        }

        if (recording.Enabled)
        {
            Checks.Required(problems, "Gateway:Recording:Directory", recording.Directory);
        }

        Checks.NotNegative(problems, "Gateway:Recording:RetentionDays", recording.RetentionDays);
        Checks.NotNegative(problems, "Gateway:Recording:MinFreeMegabytes", recording.MinFreeMegabytes);

        Checks.Positive(problems, "Gateway:Logging:RetainedFileCount", logging.RetainedFileCount);
        Checks.Positive(problems, "Gateway:Logging:FileSizeLimitMegabytes", logging.FileSizeLimitMegabytes);
    }

    /// <summary>The database file named by a SQLite connection string, or null when there is none (or it does not parse).</summary>
    public static string? DataSource(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var name in (string[])["Data Source", "DataSource", "Filename"])
            {
                if (builder.TryGetValue(name, out var value) && value is string file && !string.IsNullOrWhiteSpace(file))
                {
                    return file;
                }
            }
        }
        catch (ArgumentException)
        {
            // Malformed (e.g. an unterminated quote): reported by the caller.
        }

        return null;
    }
}

namespace Gateway.Host.Configuration;

/// <summary>
/// <c>Gateway:Logging</c>: the rolling compact-JSON (CLEF) log file. Levels come from the standard <c>Serilog:MinimumLevel</c> section.
/// </summary>
public sealed class LogFileOptions
{
    /// <summary>Folder of the daily log files, relative to the working directory. Empty = no log file (console only).</summary>
    public string Directory { get; set; } = "data/logs";

    /// <summary>How many files are kept (one per day, or more when a day exceeds <see cref="FileSizeLimitMegabytes"/>).</summary>
    public int RetainedFileCount { get; set; } = 14;

    public int FileSizeLimitMegabytes { get; set; } = 100;
}

using System.Globalization;
using Gateway.Host.Configuration;
using Gateway.Host.Hosting;
using Serilog;
using Serilog.Formatting.Compact;

namespace Gateway.Host.Logging;

/// <summary>
/// Serilog is configured here and nowhere else: components log through <c>ILogger&lt;T&gt;</c> with [LoggerMessage] templates.
/// Console: human-readable. File: rolling compact JSON (CLEF), one event per line, every property kept.
/// Levels: the standard <c>Serilog:MinimumLevel</c> section (Default and per-namespace Override).
/// </summary>
internal static class SerilogSetup
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{ContextTags}{NewLine}{Exception}";

    /// <summary>Console only, for the moments before the configuration is read (and for reporting why it could not be).</summary>
    public static Serilog.Core.Logger CreateBootstrapLogger() =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .Enrich.FromLogContext()
            .Filter.ByExcluding(e => e.Properties.ContainsKey(ConfigurationErrors.ShownOnStderr))
            .Enrich.With<ContextTagsEnricher>()
            .WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture)
            .CreateLogger();

    /// <summary>The real logger; an unusable <c>Serilog</c> section becomes a <see cref="ConfigurationFileException"/> (exit code 2).</summary>
    public static Serilog.Core.Logger CreateLoggerOrThrow(IConfiguration configuration, out string? logFilePattern)
    {
        try
        {
            return CreateLogger(configuration, out logFilePattern);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
        {
            throw new ConfigurationFileException("Serilog configuration is invalid: " + ex.Message, ex);
        }
    }

    private static Serilog.Core.Logger CreateLogger(IConfiguration configuration, out string? logFilePattern)
    {
        var file = new LogFileOptions();
        configuration.GetSection("Gateway:Logging").Bind(file);

        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            // The tags are for human eyes only: enrich inside the console sub-logger so the JSON file does not carry them.
            .WriteTo.Logger(console => console
                .Filter.ByExcluding(e => e.Properties.ContainsKey(ConfigurationErrors.ShownOnStderr))
                .Enrich.With<ContextTagsEnricher>()
                .WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture));

        logFilePattern = null;
        if (!string.IsNullOrWhiteSpace(file.Directory) && file.RetainedFileCount > 0 && file.FileSizeLimitMegabytes > 0)
        {
            // Relative to the working directory, like the database and recordings (see README, "Where things live").
            logFilePattern = Path.GetFullPath(Path.Combine(file.Directory, "gateway-.clef"));
            logger = logger.WriteTo.File(
                new CompactJsonFormatter(),
                logFilePattern,
                rollingInterval: RollingInterval.Day,
                rollOnFileSizeLimit: true,
                fileSizeLimitBytes: file.FileSizeLimitMegabytes * 1024L * 1024L,
                retainedFileCountLimit: file.RetainedFileCount,
                flushToDiskInterval: TimeSpan.FromSeconds(1));
        }

        return logger.CreateLogger();
    }
}

using Serilog;
using Serilog.Context;

namespace Gateway.Host.Hosting;

/// <summary>Reports configuration problems: each line on stderr and in the log (file), then the process exits with code 2.</summary>
internal static class ConfigurationErrors
{
    /// <summary>A log event with this property is not echoed on the console: stderr already shows it.</summary>
    public const string ShownOnStderr = "ShownOnStderr";

    public static int Report(IReadOnlyList<string> problems)
    {
        using (LogContext.PushProperty(ShownOnStderr, true))
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem);
                Log.Fatal("Configuration problem: {Problem}", problem);
            }
        }

        var summary = problems.Count == 1
            ? "Gateway: the configuration has 1 problem; nothing was started (exit code 2)."
            : $"Gateway: the configuration has {problems.Count} problems; nothing was started (exit code 2).";
        Console.Error.WriteLine(summary);
        using (LogContext.PushProperty(ShownOnStderr, true))
        {
            Log.Fatal("Configuration is invalid ({Count} problem(s)); exiting with code {ExitCode}", problems.Count, ExitCodes.Configuration);
        }

        return ExitCodes.Configuration;
    }
}

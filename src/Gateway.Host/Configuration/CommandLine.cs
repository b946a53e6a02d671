namespace Gateway.Host.Configuration;

/// <summary>
/// The host's command line: <c>[--config &lt;file&gt;] [--help]</c>. Anything else is a usage error, so a mistyped
/// option is reported instead of being silently ignored.
/// </summary>
internal sealed record CommandLine(string? ConfigFile, bool ShowHelp, string? Error)
{
    public const string Usage =
        """
        Usage: Gateway.Host [--config <file>]

          --config <file>   JSON configuration applied on top of appsettings.json (beside the program).
                            Its TalkGroups, Units, Connectors and Grpc:ApiKeys replace the built-in demo ones.
          --help            Show this text.

        Environment variables override both, e.g. Gateway__Grpc__Listen=http://0.0.0.0:50051.
        Relative data paths (database, recordings, logs) are resolved against the working directory.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? config = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                return new CommandLine(config, ShowHelp: true, Error: null);
            }

            string? value;
            if (arg == "--config")
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return Fail("--config needs a file name");
                }

                value = args[++i];
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                value = arg["--config=".Length..];
            }
            else
            {
                return Fail($"unknown argument '{arg}'");
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                return Fail("--config needs a file name");
            }

            if (config is not null)
            {
                return Fail("--config is given more than once");
            }

            config = value;
        }

        return new CommandLine(config, ShowHelp: false, Error: null);
    }

    private static CommandLine Fail(string error) => new(null, ShowHelp: false, Error: error);
}

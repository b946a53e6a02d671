namespace Gateway.Cli;

/// <summary>
/// <c>gatewayctl [--server URL] [--api-key KEY] [--json] &lt;verb&gt; [options]</c>: global options, the verb, its
/// <c>--name value</c> options and positional arguments. Unknown or missing options are usage errors (exit 2).
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>Verb options that take no value.</summary>
    private static readonly HashSet<string> FlagNames = new(StringComparer.Ordinal) { "once", "rtcp-mux" };
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedFlags = new(StringComparer.Ordinal);

    public string Server { get; private set; } = Environment.GetEnvironmentVariable("GATEWAY_SERVER") ?? "http://127.0.0.1:50051";

    public string? ApiKey { get; private set; } = Environment.GetEnvironmentVariable("GATEWAY_API_KEY");

    public string? ApiKeyFile { get; private set; }

    public bool Json { get; private set; }

    public string Verb { get; private set; } = string.Empty;

    public List<string> Positional { get; } = [];

    public static CliArguments Parse(string[] args)
    {
        var result = new CliArguments();
        var i = 0;
        for (; i < args.Length && args[i].StartsWith("--", StringComparison.Ordinal); i++)
        {
            switch (args[i])
            {
                case "--server": result.Server = Value(args, ref i); break;
                case "--api-key": result.ApiKey = Value(args, ref i); break;
                case "--api-key-file": result.ApiKeyFile = Value(args, ref i); break;
                case "--json": result.Json = true; break;
                case "--help" or "-h": throw new UsageException(null);
                default: throw new UsageException($"unknown option {args[i]}");
            }
        }

        if (i == args.Length)
        {
            throw new UsageException("no verb given");
        }

        result.Verb = args[i++];
        for (; i < args.Length; i++)
        {
            if (args[i] == "--json")
            {
                result.Json = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && FlagNames.Contains(args[i][2..]))
            {
                result._flags.Add(args[i][2..]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                result._options[name] = Value(args, ref i);
            }
            else
            {
                result.Positional.Add(args[i]);
            }
        }

        return result;
    }

    /// <summary>A verb option without a value (e.g. <c>--once</c>); true when given.</summary>
    public bool Flag(string name)
    {
        _usedFlags.Add(name);
        return _flags.Contains(name);
    }

    public string Required(string name) => Optional(name) ?? throw new UsageException($"{Verb}: --{name} is required");

    public string? Optional(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var value) ? value : null;
    }

    public int? OptionalInt(string name, int min, int max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{Verb}: --{name} must be a whole number from {min} to {max}");
        }

        return value;
    }

    /// <summary>Fails on options the verb did not ask for (typos must not be silently ignored).</summary>
    public void EnsureAllUsed(int maxPositional = 0)
    {
        foreach (var name in _options.Keys)
        {
            if (!_used.Contains(name))
            {
                throw new UsageException($"{Verb}: unknown option --{name}");
            }
        }

        foreach (var flag in _flags)
        {
            if (!_usedFlags.Contains(flag))
            {
                throw new UsageException($"{Verb}: unknown option --{flag}");
            }
        }

        if (Positional.Count > maxPositional)
        {
            throw new UsageException($"{Verb}: unexpected argument '{Positional[maxPositional]}'");
        }
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new UsageException($"{args[i]} needs a value");
        }

        return args[++i];
    }
}

/// <summary>A command-line mistake: printed with the usage text, exit code 2.</summary>
internal sealed class UsageException(string? message) : Exception(message);

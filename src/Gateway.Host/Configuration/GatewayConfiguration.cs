using Microsoft.Extensions.Configuration.Json;

namespace Gateway.Host.Configuration;

/// <summary>
/// Builds the configuration layers, lowest first: appsettings.json beside the program (built-in defaults and the demo),
/// the optional <c>--config</c> file, then environment variables (<c>Gateway__Grpc__Listen</c>, <c>Serilog__MinimumLevel__Default</c>...).
/// </summary>
internal static class GatewayConfiguration
{
    public const string DefaultsFileName = "appsettings.json";

    /// <summary>Lists that an operator file replaces as a whole (see <see cref="DefaultsJsonConfigurationSource"/>).</summary>
    public static readonly IReadOnlyList<string> OperatorOwnedLists =
    [
        "Gateway:TalkGroups",
        "Gateway:Units",
        "Gateway:Connectors",
        "Gateway:Grpc:ApiKeys",
    ];

    /// <summary>Replaces the builder's default sources. Throws <see cref="ConfigurationFileException"/> for a missing or malformed file.</summary>
    public static void Apply(IConfigurationBuilder configuration, string baseDirectory, string? configFile)
    {
        configuration.Sources.Clear();

        var defaults = new DefaultsJsonConfigurationSource
        {
            Path = System.IO.Path.Combine(baseDirectory, DefaultsFileName),
            Optional = true,
            ReloadOnChange = false,
            OmittedSections = configFile is null ? [] : OperatorOwnedLists,
        };
        defaults.ResolveFileProvider();
        Add(configuration, defaults, defaults.Path!);

        if (configFile is not null)
        {
            var full = System.IO.Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new ConfigurationFileException($"--config '{configFile}' does not exist ({full})");
            }

            var file = new IndexedJsonConfigurationSource { Path = full, Optional = false, ReloadOnChange = false };
            file.ResolveFileProvider();
            Add(configuration, file, configFile);
        }

        configuration.AddEnvironmentVariables();
    }

    private static void Add(IConfigurationBuilder configuration, IConfigurationSource source, string path)
    {
        try
        {
            configuration.Add(source);
        }
        catch (InvalidDataException ex)
        {
            throw new ConfigurationFileException($"{path} is not valid JSON: {ex.GetBaseException().Message}", ex);
        }
    }

    /// <summary>The files in effect, for the startup log.</summary>
    public static string Describe(string baseDirectory, string? configFile)
    {
        var defaults = System.IO.Path.Combine(baseDirectory, DefaultsFileName);
        return configFile is null ? defaults : defaults + " + " + System.IO.Path.GetFullPath(configFile);
    }
}

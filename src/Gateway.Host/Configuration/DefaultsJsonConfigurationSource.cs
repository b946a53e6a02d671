using Microsoft.Extensions.Configuration.Json;

namespace Gateway.Host.Configuration;

/// <summary>
/// appsettings.json (the built-in defaults) with some list sections left out. Configuration merges JSON arrays element by
/// element, so a <c>--config</c> file with one talk group would otherwise inherit the second demo group (and demo units,
/// endpoints and keys). When an operator file is given, these lists come from it alone.
/// </summary>
internal sealed class DefaultsJsonConfigurationSource : JsonConfigurationSource
{
    public IReadOnlyList<string> OmittedSections { get; init; } = [];

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new Provider(this);
    }

    private sealed class Provider(DefaultsJsonConfigurationSource source) : IndexedJsonConfigurationProvider(source)
    {
        public override void Load(Stream stream)
        {
            base.Load(stream);
            foreach (var key in Data.Keys.ToList())
            {
                if (source.OmittedSections.Any(section => IsWithin(key, section)))
                {
                    Data.Remove(key);
                }
            }
        }

        private static bool IsWithin(string key, string section) =>
            key.Equals(section, StringComparison.OrdinalIgnoreCase)
            || (key.StartsWith(section, StringComparison.OrdinalIgnoreCase) && key.Length > section.Length && key[section.Length] == ':');
    }
}

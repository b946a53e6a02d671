using Microsoft.Extensions.Configuration.Json;

namespace Gateway.Host.Configuration;

/// <summary>
/// A JSON configuration provider that answers "which keys are under this path" from an index instead of a scan.
/// The base provider scans every key of the file for each section asked about, and binding or checking a list asks once
/// per item: a file with 10,000 RTP endpoints (60,000 keys) took minutes to load, quadratic in its size. The index is
/// built once from the loaded keys (and again after a change); the answer is the same set of keys, sorted the same way.
/// </summary>
internal class IndexedJsonConfigurationProvider(JsonConfigurationSource source) : JsonConfigurationProvider(source)
{
    private const char Delimiter = ':';
    private Dictionary<string, List<string>>? _children; // parent path ("" = the root) -> distinct child segments

    public override void Load()
    {
        base.Load();
        _children = null;
    }

    public override void Set(string key, string? value)
    {
        base.Set(key, value);
        _children = null;
    }

    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        ArgumentNullException.ThrowIfNull(earlierKeys);
        var index = _children ??= BuildIndex();
        var results = new List<string>(earlierKeys);
        if (index.TryGetValue(parentPath ?? string.Empty, out var children))
        {
            results.AddRange(children);
        }

        results.Sort(ConfigurationKeyComparer.Instance);
        return results;
    }

    private Dictionary<string, List<string>> BuildIndex()
    {
        var index = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<(string Parent, string Child)>(ParentChildComparer.Instance);
        foreach (var key in Data.Keys)
        {
            // "A:B:C" is a child "A" of the root, "B" of "A" and "C" of "A:B".
            var start = 0;
            while (true)
            {
                var end = key.IndexOf(Delimiter, start);
                var parent = start == 0 ? string.Empty : key[..(start - 1)];
                var child = end < 0 ? key[start..] : key[start..end];
                if (seen.Add((parent, child)))
                {
                    if (!index.TryGetValue(parent, out var list))
                    {
                        list = [];
                        index.Add(parent, list);
                    }

                    list.Add(child);
                }

                if (end < 0)
                {
                    break;
                }

                start = end + 1;
            }
        }

        return index;
    }

    private sealed class ParentChildComparer : IEqualityComparer<(string Parent, string Child)>
    {
        public static readonly ParentChildComparer Instance = new();

        public bool Equals((string Parent, string Child) x, (string Parent, string Child) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Parent, y.Parent) && StringComparer.OrdinalIgnoreCase.Equals(x.Child, y.Child);

        public int GetHashCode((string Parent, string Child) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Parent), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Child));
    }
}

/// <summary>A JSON file source whose provider is an <see cref="IndexedJsonConfigurationProvider"/>.</summary>
internal sealed class IndexedJsonConfigurationSource : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new IndexedJsonConfigurationProvider(this);
    }
}

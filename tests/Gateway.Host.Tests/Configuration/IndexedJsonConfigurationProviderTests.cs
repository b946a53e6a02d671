using Gateway.Host.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Gateway.Host.Tests.Configuration;

public sealed class IndexedJsonConfigurationProviderTests : IDisposable
{
    private const string Json = """
        { "Gateway": { "NodeName": "n", "TalkGroups": [ { "Id": "a", "Name": "A" }, { "Id": "b" } ],
                       "Connectors": { "Rtp": [ { "Id": "e1", "Listen": "127.0.0.1:40000", "AllowedSources": [ "10.0.0.0/8", "::1" ] },
                                                { "id": "e2", "LISTEN": "127.0.0.1:40002" } ] },
                       "Alerts": { "Presets": { "fire": [ { "AfterSeconds": 60 } ], "Flood": [] } } },
          "Serilog": { "MinimumLevel": { "Default": "Warning" } },
          "list": [ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 ] }
        """;

    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("indexed-config-").FullName, "c.json");

    public IndexedJsonConfigurationProviderTests() => File.WriteAllText(_file, Json);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

    [Fact]
    public void GetChildKeys_EveryPathOfTheFile_SameKeysInTheSameOrderAsTheStockProvider()
    {
        var stock = Load(new JsonConfigurationSource { Path = Path.GetFileName(_file) });
        var indexed = Load(new IndexedJsonConfigurationSource { Path = Path.GetFileName(_file) });

        string[] earlier = ["zeta", "Alpha", "10", "2"];
        var paths = stock.AsEnumerable().Select(kv => kv.Key).Append(null).Append("missing").Append("GATEWAY:connectors").ToList();
        Assert.True(paths.Count > 30);
        foreach (var path in paths)
        {
            // The stock provider lists a segment once per key below it; the root merges duplicates, so compare distinct.
            var expected = stock.Providers.Single().GetChildKeys(earlier, path).Distinct(StringComparer.OrdinalIgnoreCase);
            var actual = indexed.Providers.Single().GetChildKeys(earlier, path).Distinct(StringComparer.OrdinalIgnoreCase);
            Assert.Equal(expected, actual);
        }

        Assert.Equal(stock.AsEnumerable().OrderBy(kv => kv.Key, StringComparer.Ordinal), indexed.AsEnumerable().OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void GetChildKeys_AfterSet_IncludesTheNewKey()
    {
        var indexed = Load(new IndexedJsonConfigurationSource { Path = Path.GetFileName(_file) });
        Assert.Equal(["a", "b"], indexed.GetSection("Gateway:TalkGroups").GetChildren().Select(c => c["Id"]));

        indexed["Gateway:TalkGroups:2:Id"] = "c";

        Assert.Equal(["a", "b", "c"], indexed.GetSection("Gateway:TalkGroups").GetChildren().Select(c => c["Id"]));
    }

    private IConfigurationRoot Load(JsonConfigurationSource source)
    {
        source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(_file)!);
        return new ConfigurationBuilder().Add(source).Build();
    }
}

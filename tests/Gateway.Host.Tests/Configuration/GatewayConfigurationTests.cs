using Gateway.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.Host.Tests.Configuration;

public sealed class GatewayConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Apply_OperatorFile_ReplacesDemoListsAndKeepsDefaultScalars()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """
            { "Gateway": { "NodeName": "default", "Storage": { "ConnectionString": "Data Source=data/gateway.db" },
                           "TalkGroups": [ { "Id": "demo-1" }, { "Id": "demo-2" } ], "Units": [ { "Id": "demo-unit" } ] } }
            """);
        var file = Path.Combine(_directory, "site.json");
        File.WriteAllText(file, """{ "Gateway": { "NodeName": "site", "TalkGroups": [ { "Id": "site-1" } ] } }""");

        var configuration = new ConfigurationManager();
        GatewayConfiguration.Apply(configuration, _directory, file);

        Assert.Equal("site", configuration["Gateway:NodeName"]);
        Assert.Equal("Data Source=data/gateway.db", configuration["Gateway:Storage:ConnectionString"]);
        Assert.Equal(["site-1"], configuration.GetSection("Gateway:TalkGroups").GetChildren().Select(g => g["Id"]));
        Assert.False(configuration.GetSection("Gateway:Units").Exists());
    }

    [Fact]
    public void Apply_NoOperatorFile_KeepsDemoLists()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """{ "Gateway": { "TalkGroups": [ { "Id": "demo-1" }, { "Id": "demo-2" } ] } }""");

        var configuration = new ConfigurationManager();
        GatewayConfiguration.Apply(configuration, _directory, configFile: null);

        Assert.Equal(["demo-1", "demo-2"], configuration.GetSection("Gateway:TalkGroups").GetChildren().Select(g => g["Id"]));
    }

    [Fact]
    public void Apply_MissingOperatorFile_NamesIt()
    {
        var configuration = new ConfigurationManager();

        var error = Assert.Throws<ConfigurationFileException>(() => GatewayConfiguration.Apply(configuration, _directory, Path.Combine(_directory, "nope.json")));

        Assert.StartsWith("--config '" + Path.Combine(_directory, "nope.json") + "' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_MalformedJson_NamesTheFile()
    {
        var file = Path.Combine(_directory, "broken.json");
        File.WriteAllText(file, """{ "Gateway": { "NodeName": "x", } ,,, """);
        var configuration = new ConfigurationManager();

        var error = Assert.Throws<ConfigurationFileException>(() => GatewayConfiguration.Apply(configuration, _directory, file));

        Assert.StartsWith(file + " is not valid JSON", error.Message, StringComparison.Ordinal);
    }
}

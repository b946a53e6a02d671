using System.Text;
using Gateway.Host.Configuration;
using Gateway.Tests.Shared;
using Microsoft.Extensions.Configuration;

namespace Gateway.Host.Tests.Configuration;

/// <summary>The README's annotated configuration is a working file (the README says the tests check it).</summary>
public sealed class ReadmeConfigurationTests
{
    [Fact]
    public void Load_ReadmeAnnotatedExample_HasNoProblemsAndCoversEverySection()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        var start = readme.IndexOf("<!-- annotated-config:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- annotated-config:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "annotated configuration markers not found in README.md");
        var block = readme[start..end];
        var json = block[(block.IndexOf('\n', block.IndexOf("```jsonc", StringComparison.Ordinal)) + 1)..block.LastIndexOf("```", StringComparison.Ordinal)];

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        var options = GatewayOptionsLoader.Load(configuration, out var problems);

        Assert.Empty(problems);
        Assert.NotNull(options);
        Assert.NotEmpty(options.Grpc.ApiKeys);
        Assert.NotEmpty(options.TalkGroups);
        Assert.NotEmpty(options.Units);
        Assert.NotEmpty(options.Connectors.Rtp);
        Assert.NotEmpty(options.Connectors.Mumble);
        Assert.NotEmpty(options.Connectors.Serial);
        Assert.Equal("Information", configuration["Serilog:MinimumLevel:Default"]);
    }
}

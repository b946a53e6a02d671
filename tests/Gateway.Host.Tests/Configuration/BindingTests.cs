using System.Text.Json.Nodes;
using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Configuration;

public sealed class BindingTests
{
    [Fact]
    public void Load_ApiKeyLimitedToOneGroup_DoesNotKeepTheWildcardDefault()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Grpc"]!["ApiKeys"]![0]!["TalkGroups"] = new JsonArray("tianhe-1");

        var options = GatewayOptionsLoader.Load(root.ToConfiguration(), out _);

        Assert.NotNull(options);
        Assert.Equal(["tianhe-1"], options.Grpc.ApiKeys[0].TalkGroups);
    }

    [Fact]
    public void Load_EmptyList_ReplacesTheDefault()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Grpc"]!["ApiKeys"]![0]!["TalkGroups"] = new JsonArray();
        root.Gateway()["Connectors"]!["Mumble"]![0]!["AckKeywords"] = new JsonArray("roger");

        var options = GatewayOptionsLoader.Load(root.ToConfiguration(), out _);

        Assert.NotNull(options);
        Assert.Empty(options.Grpc.ApiKeys[0].TalkGroups);
        Assert.Equal(["roger"], options.Connectors.Mumble[0].AckKeywords);
    }

    [Fact]
    public void Load_ListNotConfigured_KeepsTheDefault()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Grpc"]!["ApiKeys"]![0]!.AsObject().Remove("TalkGroups");

        var options = GatewayOptionsLoader.Load(root.ToConfiguration(), out _);

        Assert.NotNull(options);
        Assert.Equal(["*"], options.Grpc.ApiKeys[0].TalkGroups);
        Assert.Equal(["ack", "1", "收到"], options.Connectors.Mumble[0].AckKeywords);
    }
}

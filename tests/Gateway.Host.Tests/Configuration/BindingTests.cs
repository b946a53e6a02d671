using System.Text.Json.Nodes;
using Gateway.Api;
using Gateway.Host.Configuration;
using Gateway.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        Assert.Empty(options.Grpc.ApiKeys[0].TalkGroups); // the default: empty (or "*") means every talk group
        Assert.Equal(["ack", "1", "收到"], options.Connectors.Mumble[0].AckKeywords);
    }

    [Fact]
    public void OptionsFromDi_SectionBoundTwice_ListsAreExactlyAsConfigured()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Grpc"]!["ApiKeys"]![0]!["TalkGroups"] = new JsonArray("tianhe-1");
        var configuration = root.ToConfiguration();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddConfiguration(configuration);
        builder.AddGatewayHost(GatewayOptionsLoader.Load(configuration, out _)!, new StartupFacts("test", null, false));

        // Another component binding the same section (as the API does) appends to the lists again.
        builder.Services.Configure<GrpcOptions>(configuration.GetSection("Gateway:Grpc"));
        using var services = builder.Services.BuildServiceProvider();
        var grpc = services.GetRequiredService<IOptions<GrpcOptions>>().Value;

        var key = Assert.Single(grpc.ApiKeys);
        Assert.Equal(["tianhe-1"], key.TalkGroups);
        Assert.Equal(["dispatcher"], key.Roles);
    }

    [Fact]
    public void OptionsFromDi_AlertsSection_IsAcceptedAndListsAreExactlyAsConfigured()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Alerts"] = JsonNode.Parse(
            """
            {
              "MutualAidTalkGroups": [ "tianhe-2" ],
              "ReinforcementTalkGroups": [ "tianhe-1" ],
              "AckKeywords": [ "copy" ],
              "Presets": { "fast": [ { "AfterSeconds": 30, "Action": "RepageUnacknowledged" }, { "AfterSeconds": 90, "Action": "PageGroups", "TalkGroups": [ "tianhe-2" ] } ] }
            }
            """);
        var configuration = root.ToConfiguration();
        Assert.Empty(root.Problems());
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddConfiguration(configuration);
        builder.AddGatewayHost(GatewayOptionsLoader.Load(configuration, out _)!, new StartupFacts("test", null, false));
        builder.Services.AddGatewayApi(configuration); // binds Gateway:Alerts again, as the host does

        using var services = builder.Services.BuildServiceProvider();
        var alerts = services.GetRequiredService<IOptions<Gateway.Core.Alerts.AlertOptions>>().Value;

        Assert.Equal(["copy"], alerts.AckKeywords);
        Assert.Equal(["tianhe-2"], alerts.MutualAidTalkGroups);
        Assert.Equal([30, 90], alerts.Presets["fast"].Select(s => s.AfterSeconds));
        Assert.Equal(["tianhe-2"], alerts.Presets["fast"][1].TalkGroups);
    }

    [Fact]
    public void Load_AlertsSectionTypo_IsUnknownWithSuggestion()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Alerts"] = new JsonObject { ["MutualAidGroups"] = new JsonArray("tianhe-2") };

        var problem = Assert.Single(root.Problems());
        Assert.StartsWith("Gateway:Alerts:MutualAidGroups is not a known setting", problem, StringComparison.Ordinal);
    }
}

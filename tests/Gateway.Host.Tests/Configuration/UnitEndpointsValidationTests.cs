using System.Text.Json.Nodes;
using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Configuration;

/// <summary><c>Gateway:Units[i]:Endpoints</c>: configured terminals only, one unit each, one line per problem naming the key.</summary>
public sealed class UnitEndpointsValidationTests
{
    [Fact]
    public void Load_UnitBoundToRtpAndSerialTerminals_HasNoProblemsAndBinds()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Units"]![0]!["Endpoints"] = new JsonArray("radio-1", "console-a");

        Assert.Empty(root.Problems());
        var options = GatewayOptionsLoader.Load(root.ToConfiguration(), out _);
        Assert.Equal(["radio-1", "console-a"], options!.Units[0].Endpoints);
    }

    [Fact]
    public void Load_UnknownEmptyAndMumbleEndpoints_OneLineEachNamingTheKey()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Units"]![0]!["Endpoints"] = new JsonArray("radio-9", "", "poc");

        Assert.Equal(
            [
                "Gateway:Units[0]:Endpoints[0] 'radio-9' is not a configured endpoint (an Id of Gateway:Connectors:Rtp or Gateway:Connectors:Serial)",
                "Gateway:Units[0]:Endpoints[1] is required",
                "Gateway:Units[0]:Endpoints[2] 'poc' is a Mumble connector, not one terminal (bind a PoC user with the unit's MumbleUser)",
            ],
            root.Problems());
    }

    [Fact]
    public void Load_EndpointBoundToTwoUnits_NamesTheFirstBinding()
    {
        var root = SampleConfiguration.Valid();
        var units = root.Gateway()["Units"]!.AsArray();
        units[0]!["Endpoints"] = new JsonArray("radio-1");
        units.Add(new JsonObject { ["Id"] = "patrol-4", ["TalkGroups"] = new JsonArray("tianhe-sports"), ["Endpoints"] = new JsonArray("console-a", "radio-1") });

        Assert.Equal(
            ["Gateway:Units[1]:Endpoints[1] 'radio-1' is already bound to another unit by Gateway:Units[0]:Endpoints[0]"],
            root.Problems());
    }

    [Fact]
    public void Load_SameEndpointTwiceInOneUnit_IsNotAProblem()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Units"]![0]!["Endpoints"] = new JsonArray("radio-1", "radio-1");

        Assert.Empty(root.Problems());
    }
}

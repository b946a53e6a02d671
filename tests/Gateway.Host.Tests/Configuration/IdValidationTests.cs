using System.Text.Json.Nodes;
using Gateway.Api.Validation;
using Gateway.Connectors.Mumble;
using Gateway.Core.Identity;
using Gateway.Host.Configuration;
using Grpc.Core;

namespace Gateway.Host.Tests.Configuration;

/// <summary>
/// Talk group, unit and endpoint ids follow one rule (<see cref="IdRules"/>) in the configuration file, in the Mumble
/// connector's own check and in the API. The configuration used to allow '-' or '_' first and the API ':' anywhere.
/// </summary>
public sealed class IdValidationTests
{
    public static TheoryData<string, string> Refused => new()
    {
        { "-lead", "must start with a letter or digit" }, // the configuration allowed it; a command line reads it as an option
        { "_lead", "must start with a letter or digit" }, // the configuration allowed it
        { ".hidden", "must start with a letter or digit" },
        { "a:b", "contains ':'; use letters, digits, '-', '_' or '.'" }, // the API allowed it; not in a Windows file name
        { "a/b", "contains '/'; use letters, digits, '-', '_' or '.'" },
        { "has space", "contains a space or control character; use letters, digits, '-', '_' or '.'" },
        { "天河", "must start with a letter or digit" },
        { new string('a', 65), "is 65 characters long; at most 64 are allowed" },
    };

    public static TheoryData<string> Accepted => new() { "tianhe-9", "9th.precinct_B", "A", new string('a', 64) };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Validate_BadTalkGroupId_ConfigurationAndApiGiveTheSameProblem(string id, string problem)
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["TalkGroups"]!.AsArray().Add(new JsonObject { ["Id"] = id, ["Name"] = "extra" });

        Assert.Equal([$"Gateway:TalkGroups[3]:Id '{id}' {problem}"], root.Problems());
        var api = Assert.Throws<RpcException>(() => Validate.GroupId(id));
        Assert.Equal(StatusCode.InvalidArgument, api.StatusCode);
        Assert.Equal("talk_group_id: " + problem, api.Status.Detail);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Validate_BadUnitAndEndpointIds_RefusedByConfigurationConnectorAndApi(string id, string problem)
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Units"]![0]!["Id"] = id;
        root.Gateway()["Connectors"]!["Mumble"]![0]!["Id"] = id;

        Assert.Equal([$"Gateway:Units[0]:Id '{id}' {problem}", $"Gateway:Connectors:Mumble[0]:Id '{id}' {problem}"], root.Problems());
        var bound = GatewayOptionsLoader.Bind(root.ToConfiguration().GetSection("Gateway"));
        var connector = new MumbleConnectorOptionsValidator().Validate(null, new MumbleConnectorsOptions { Servers = bound.Connectors.Mumble });
        Assert.Equal([$"Gateway:Connectors:Mumble[0]:Id '{id}' {problem}"], connector.Failures);
        Assert.Equal("unit_id: " + problem, Assert.Throws<RpcException>(() => Validate.UnitId(id)).Status.Detail);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_GoodIds_AcceptedByConfigurationAndApi(string id)
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["TalkGroups"]!.AsArray().Add(new JsonObject { ["Id"] = id, ["Name"] = "extra" });
        root.Gateway()["Units"]![0]!["Id"] = id;
        root.Gateway()["Connectors"]!["Rtp"]![0]!["Id"] = id;

        Assert.Empty(root.Problems());
        Assert.Equal(id, Validate.Id(id, "id"));
        Assert.True(IdRules.IsValid(id));
    }

    [Fact]
    public void Reference_GeneratedIdWithColon_AcceptedForLookUpOnly()
    {
        Assert.Equal("alert:alert-1a2b:tianhe-1:0f3e", Validate.Reference("alert:alert-1a2b:tianhe-1:0f3e", "endpoint_id"));
        Assert.Equal("endpoint_id: must start with a letter or digit", Assert.Throws<RpcException>(() => Validate.Reference(":x", "endpoint_id")).Status.Detail);
        Assert.Throws<RpcException>(() => Validate.Id("alert:alert-1a2b", "endpoint_id"));
    }
}

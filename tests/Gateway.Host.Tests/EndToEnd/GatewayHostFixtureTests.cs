using Gateway.Tests.Shared;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>The in-process host runs the program's composition: the configured groups, units and endpoints are served over gRPC.</summary>
public sealed class GatewayHostFixtureTests
{
    [Fact]
    public async Task StartAsync_ConfigurationFile_ServesConfiguredGroupsUnitsAndEndpointsOverGrpc()
    {
        var configuration = GatewayTestConfiguration.Create()
            .AddTalkGroup("sports")
            .AddUnit("patrol-3", ["sports"], mumbleUser: "patrol3", dtmfId: "031")
            .AddRtpEndpoint("console-a", "sports", FreePort.UdpPair(), FreePort.UdpPair());
        await using var host = await GatewayHostFixture.StartAsync(configuration);

        var groups = await host.TalkGroups.ListTalkGroupsAsync(new V1.ListTalkGroupsRequest());
        var sports = Assert.Single(groups.TalkGroups);
        Assert.Equal("sports", sports.Id);
        Assert.Contains("console-a", sports.EndpointIds);

        var units = await host.Units.ListUnitsAsync(new V1.ListUnitsRequest());
        Assert.Equal(["sports"], Assert.Single(units.Units, u => u.Id == "patrol-3").TalkGroupIds);
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "gateway.db")), "the SQLite database is in the data directory");
    }

    [Fact]
    public async Task RestartAsync_SameDataDirectory_KeepsRunTimeTalkGroups()
    {
        var configuration = GatewayTestConfiguration.Create().AddTalkGroup("sports");
        await using var first = await GatewayHostFixture.StartAsync(configuration);
        await first.TalkGroups.CreateTalkGroupAsync(new V1.CreateTalkGroupRequest { Id = "harbour", Name = "Harbour" });

        await using var second = await first.RestartAsync();

        var groups = await second.TalkGroups.ListTalkGroupsAsync(new V1.ListTalkGroupsRequest());
        Assert.Contains(groups.TalkGroups, g => g.Id == "harbour");
    }
}

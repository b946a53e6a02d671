using Gateway.Connectors.Mumble.Tests.Interop;
using Gateway.Connectors.Mumble.Tests.Support;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Tests.Shared;
using Microsoft.Extensions.Options;

namespace Gateway.Connectors.Mumble.Tests;

public sealed class MumbleConnectorTests
{
    [Fact]
    public async Task Start_ChannelMappedToUnknownGroup_ReportsUnhealthyAndRunsTheOthers()
    {
        using var rig = new SessionRig(TimeProvider.System);
        var options = Options.Create(new MumbleConnectorsOptions
        {
            Servers =
            [
                new MumbleConnectorOptions
                {
                    Id = "poc",
                    Host = "127.0.0.1",
                    Port = FreePort.Tcp(),
                    AcceptInvalidCertificate = true,
                    Channels = { ["Sports"] = SessionRig.Group.Value, ["Ghost"] = "no-such-group" },
                },
            ],
        });
        using var connector = new MumbleConnector(options, rig.Services);

        await connector.StartAsync(CancellationToken.None);
        await Wait.UntilAsync(() => rig.Health.Snapshot().ContainsKey("mumble/poc/Sports"), TimeSpan.FromSeconds(5), "the valid session started");
        await connector.StopAsync(CancellationToken.None);

        var ghost = rig.Health.Snapshot()["mumble/poc/Ghost"];
        Assert.Equal(HealthState.Unhealthy, ghost.State);
        Assert.Contains("no-such-group", ghost.Reason, StringComparison.Ordinal);
        Assert.Equal(["gateway-1", "gateway-2"], connector.Endpoints.Select(e => e.UserName));
        Assert.DoesNotContain(rig.Switchboard.Endpoints, e => e.Id == new EndpointId("mumble:poc:Sports"));
    }
}

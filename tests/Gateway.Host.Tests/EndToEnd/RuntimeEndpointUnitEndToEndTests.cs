using Gateway.Host.Tests.EndToEnd.Support;
using Gateway.Tests.Shared;
using Grpc.Core;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// An RTP radio created through the API for a configured unit (<c>unit_id</c>): it is the unit's online terminal, still
/// after a restart (the binding is stored with the endpoint), and no longer once the endpoint is deleted.
/// </summary>
public sealed class RuntimeEndpointUnitEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task CreateRtpEndpoint_WithUnit_UnitOnlineAcrossARestartUntilDeleted()
    {
        var configuration = GatewayTestConfiguration.Create().AddTalkGroup("harbour").AddUnit("harbour-1", ["harbour"]);
        var host = await GatewayHostFixture.StartAsync(configuration);
        try
        {
            var settings = new V1.RtpEndpointSettings { Id = "harbour-radio", TalkGroupId = "harbour", Listen = $"127.0.0.1:{FreePort.UdpPair()}", Remote = $"127.0.0.1:{FreePort.UdpPair()}", Codec = V1.RtpCodec.Pcmu };
            var created = await new V1.Endpoints.EndpointsClient(host.Channel).CreateRtpEndpointAsync(new V1.CreateRtpEndpointRequest { Settings = settings, UnitId = "harbour-1" });
            Assert.Equal("harbour-1", created.UnitId);
            await OnlineAsync(host, ["harbour-radio"]);

            var restarted = await host.RestartAsync();
            await host.DisposeAsync();
            host = restarted;
            await OnlineAsync(host, ["harbour-radio"]);
            var endpoints = new V1.Endpoints.EndpointsClient(host.Channel);
            var detail = await endpoints.GetEndpointAsync(new V1.GetEndpointRequest { EndpointId = "harbour-radio" });
            Assert.Equal((V1.EndpointOrigin.Runtime, "harbour-1"), (detail.Origin, detail.UnitId));

            await endpoints.DeleteEndpointAsync(new V1.DeleteEndpointRequest { EndpointId = "harbour-radio" });
            await OnlineAsync(host, []);
            var gone = await Assert.ThrowsAsync<RpcException>(() => endpoints.GetEndpointAsync(new V1.GetEndpointRequest { EndpointId = "harbour-radio" }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static Task<V1.Unit> OnlineAsync(GatewayHostFixture host, string[] endpoints) =>
        Poll.UntilAsync(
            async () => await host.Units.GetUnitAsync(new V1.GetUnitRequest { UnitId = "harbour-1" }),
            u => u.OnlineEndpointIds.SequenceEqual(endpoints),
            Timeout,
            $"harbour-1 online on [{string.Join(", ", endpoints)}]");
}

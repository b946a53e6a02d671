using Gateway.Api.Auth;
using Gateway.Api.Endpoints;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Connectors.Rtp;
using Gateway.Core;
using Gateway.Core.Identity;
using Gateway.Core.Provisioning;
using Gateway.Core.TalkGroups;
using Gateway.Tests.Shared;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Services;

/// <summary>DeleteTalkGroup refuses while lasting endpoints are still in the group, so none is left running unattached.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class TalkGroupDeletionTests
{
    private static readonly Metadata Admin = GatewayServer.Bearer(GatewayServer.AdminKey);
    private static readonly Metadata Observer = GatewayServer.Bearer(GatewayServer.ObserverKey);
    private readonly GatewayServer _server;

    public TalkGroupDeletionTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task DeleteTalkGroup_RuntimeEndpointsInGroup_FailedPreconditionNamingThemUntilDeleted()
    {
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "del-busy" }, Admin);
        await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = EndpointsRpcTests.Rtp("del-busy-b", "del-busy", FreePort.UdpPair()) }, Admin);
        await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = EndpointsRpcTests.Rtp("del-busy-a", "del-busy", FreePort.UdpPair()) }, Admin);
        try
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "del-busy" }, Admin).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.Equal("talk_group_id: talk group 'del-busy' still has endpoints del-busy-a, del-busy-b (created through the API: delete them first)", refused.Status.Detail);

            // Nothing changed: the group and both endpoints are still there, attached.
            var group = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "del-busy" }, Observer);
            Assert.Equal(["del-busy-a", "del-busy-b"], group.EndpointIds.Order(StringComparer.Ordinal));
            var endpoint = await _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "del-busy-a" }, Observer);
            Assert.Equal(EndpointState.Online, endpoint.Endpoint.State);
            Assert.Equal(["del-busy"], endpoint.Endpoint.TalkGroupIds);

            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "del-busy-a" }, Admin);
            refused = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "del-busy" }, Admin).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.Contains("endpoints del-busy-b (", refused.Status.Detail, StringComparison.Ordinal);

            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "del-busy-b" }, Admin);
            await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "del-busy" }, Admin);
            var gone = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "del-busy" }, Observer).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            foreach (var id in new[] { "del-busy-a", "del-busy-b" })
            {
                if (_server.Switchboard.Endpoints.Any(e => e.Id.Value == id))
                {
                    await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = id }, Admin);
                }
            }

            if (_server.Switchboard.FindTalkGroup(new TalkGroupId("del-busy")) is not null)
            {
                await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "del-busy" }, Admin);
            }
        }
    }

    [Fact]
    public async Task DeleteTalkGroup_StoredEndpointNotRunning_StillNamedBecauseTheNextStartWouldSkipIt()
    {
        // A stored run-time endpoint whose restore failed (e.g. its port was taken) is not running but still belongs to the group.
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "del-stored" }, Admin);
        var store = _server.Services.GetRequiredService<IRuntimeEndpointStore>();
        await store.SaveRtpAsync(new RtpEndpointDefinition { Id = "del-stored-1", TalkGroup = "del-stored", Listen = "127.0.0.1:40100", Codec = "pcmu" }, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "del-stored" }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("still has endpoints del-stored-1 (created through the API", refused.Status.Detail, StringComparison.Ordinal);

        await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "del-stored-1" }, Admin); // forgets the stored one
        await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "del-stored" }, Admin);
        Assert.Null(_server.Switchboard.FindTalkGroup(new TalkGroupId("del-stored")));
    }

    [Fact]
    public async Task DeleteTalkGroup_OnlySessionsInGroup_Deleted()
    {
        // A monitor is a session, not a lasting endpoint: removing the group ends it, as before.
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "del-monitored" }, Admin);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var monitor = _server.Calls.Monitor(new MonitorRequest { TalkGroupIds = { "del-monitored" }, Format = AudioFormat.Pcm1648K }, Observer, cancellationToken: cts.Token);
        await TestWait.MonitorAttachedAsync(_server, "del-monitored", cts.Token);

        await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "del-monitored" }, Admin, cancellationToken: cts.Token);

        Assert.Null(_server.Switchboard.FindTalkGroup(new TalkGroupId("del-monitored")));
    }

    [Fact]
    public async Task DeleteTalkGroup_ConfiguredEndpointInGroupChangedAtRunTime_FailedPreconditionNamingIt()
    {
        const string key = "deletion-admin-key-0123456789";
        var admin = GatewayServer.Bearer(key);
        var directory = Path.Combine(Path.GetTempPath(), "gw-api-deletion-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var app = GatewayServer.Build(
            directory,
            null,
            new Dictionary<string, string?>
            {
                ["Gateway:Grpc:ApiKeys:0:Name"] = "admin",
                ["Gateway:Grpc:ApiKeys:0:KeySha256"] = ApiKeyHash.ComputeHex(key),
                ["Gateway:Grpc:ApiKeys:0:Roles:0"] = "admin",
            },
            rtp: [new RtpEndpointOptions { Id = "cfg-depot", TalkGroup = "depot", Listen = $"127.0.0.1:{FreePort.UdpPair()}", Codec = "pcmu" }]);
        try
        {
            // What the host does with Gateway:TalkGroups before the connectors start.
            app.Services.GetRequiredService<ISwitchboard>().UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId("depot"), "Depot"));
            await app.StartAsync();
            using var channel = GrpcChannel.ForAddress(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            var groups = new V1.TalkGroups.TalkGroupsClient(channel);
            var updated = await groups.UpdateTalkGroupAsync(new UpdateTalkGroupRequest { TalkGroupId = "depot", Name = "Depot east" }, admin);
            Assert.Equal(TalkGroupOrigin.Runtime, updated.Origin);

            var refused = await Assert.ThrowsAsync<RpcException>(() => groups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "depot" }, admin).ResponseAsync);

            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.Equal("talk_group_id: talk group 'depot' still has endpoints cfg-depot (configured: change the configuration file first)", refused.Status.Detail);
            Assert.Contains(app.Services.GetRequiredService<ISwitchboard>().Endpoints, e => e.Id.Value == "cfg-depot" && e.TalkGroups.Contains(new TalkGroupId("depot")));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}

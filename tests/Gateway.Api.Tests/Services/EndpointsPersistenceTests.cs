using Gateway.Api.Auth;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Connectors.Rtp;
using Gateway.Storage.Repositories;
using Gateway.Tests.Shared;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Services;

/// <summary>Run-time RTP endpoints in SQLite: they come back after a restart on the same data directory, after the configured ones.</summary>
public sealed class EndpointsPersistenceTests : IDisposable
{
    private const string Key = "endpoints-admin-key-0123456789";
    private static readonly Metadata Admin = GatewayServer.Bearer(Key);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gw-api-endpoints-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Restart_RuntimeEndpoints_RecreatedAfterConfiguredOnes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var keepPort = FreePort.UdpPair();
        var shadowPort = FreePort.UdpPair();
        var muxPort = FreePort.UdpPair() + 1; // odd: only a muxed endpoint may use it
        var oldRowPort = FreePort.UdpPair();
        await using (var first = await StartAsync(null))
        {
            using var channel = GrpcChannel.ForAddress(Address(first));
            await new V1.TalkGroups.TalkGroupsClient(channel).CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "harbour", Name = "Harbour" }, Admin, cancellationToken: cts.Token);
            var endpoints = new V1.Endpoints.EndpointsClient(channel);
            var keep = EndpointsRpcTests.Rtp("rt-keep", "harbour", keepPort, "127.0.0.1:40992");
            keep.Codec = RtpCodec.Opus;
            keep.Bitrate = 24_000;
            keep.PayloadType = 96;
            keep.AllowedSources.Add("127.0.0.0/8");
            keep.StreamEndMs = 400;
            await endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = keep }, Admin, cancellationToken: cts.Token);
            await endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = EndpointsRpcTests.Rtp("rt-shadow", "harbour", shadowPort) }, Admin, cancellationToken: cts.Token);
            var mux = EndpointsRpcTests.Rtp("rt-mux", "harbour", muxPort);
            mux.RtcpMux = true;
            await endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = mux }, Admin, cancellationToken: cts.Token);

            // Both creates are in the audit log under the key's name, with the new endpoint as the target.
            var audit = await first.Services.GetRequiredService<IAuditLog>().ListAsync(cancellationToken: cts.Token);
            Assert.Contains(audit, r => r.Action == "gateway.v1.Endpoints/CreateRtpEndpoint" && r.Target == "rt-keep" && r.KeyName == "admin" && r.Result == "OK");
            // A row whose definition cannot be read (hand-edited database) must not stop the others coming back.
            await first.Services.GetRequiredService<IEndpointRepository>().UpsertAsync(
                new StoredEndpoint(new Core.Identity.EndpointId("rt-garbled"), Core.Media.EndpointKind.Rtp, "{not json", [new Core.Identity.TalkGroupId("harbour")]), cts.Token);
            // A row stored before RtcpMux existed (no such property) comes back without it.
            await first.Services.GetRequiredService<IEndpointRepository>().UpsertAsync(
                new StoredEndpoint(
                    new Core.Identity.EndpointId("rt-old"),
                    Core.Media.EndpointKind.Rtp,
                    $$"""{"Id":"rt-old","TalkGroup":"harbour","Listen":"127.0.0.1:{{oldRowPort}}","Codec":"pcmu","Priority":"normal"}""",
                    [new Core.Identity.TalkGroupId("harbour")]),
                cts.Token);
            await first.StopAsync(cts.Token);
        }

        // The second start's configuration defines "rt-shadow" itself (on another port): the stored one is skipped.
        var configuredPort = FreePort.UdpPair();
        var logs = new CapturingLoggerProvider();
        await using var second = await StartAsync(new RtpEndpointOptions { Id = "rt-shadow", TalkGroup = "harbour", Listen = $"127.0.0.1:{configuredPort}", Codec = "pcma" }, logs);
        using var again = GrpcChannel.ForAddress(Address(second));
        var client = new V1.Endpoints.EndpointsClient(again);

        var restored = await client.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rt-keep" }, Admin, cancellationToken: cts.Token);
        Assert.Equal((EndpointOrigin.Runtime, EndpointState.Online, $"127.0.0.1:{keepPort}"), (restored.Origin, restored.Endpoint.State, restored.RtpStatistics.LocalAddress));
        Assert.Equal((RtpCodec.Opus, 24_000, 96, 400, "127.0.0.1:40992", RtpRemoteMode.Fixed), (restored.Rtp.Codec, restored.Rtp.Bitrate, restored.Rtp.PayloadType, restored.Rtp.StreamEndMs, restored.Rtp.Remote, restored.Rtp.RemoteMode));
        Assert.Equal(["127.0.0.0/8"], restored.Rtp.AllowedSources);
        Assert.Equal(["harbour"], restored.Endpoint.TalkGroupIds);
        Assert.False(restored.Rtp.RtcpMux);
        var muxed = await client.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rt-mux" }, Admin, cancellationToken: cts.Token);
        Assert.Equal((true, EndpointState.Online, $"127.0.0.1:{muxPort}"), (muxed.Rtp.RtcpMux, muxed.Endpoint.State, muxed.RtpStatistics.LocalAddress));
        var old = await client.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rt-old" }, Admin, cancellationToken: cts.Token);
        Assert.Equal((false, EndpointState.Online, $"127.0.0.1:{oldRowPort}"), (old.Rtp.RtcpMux, old.Endpoint.State, old.RtpStatistics.LocalAddress));

        var configured = await client.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rt-shadow" }, Admin, cancellationToken: cts.Token);
        Assert.Equal((EndpointOrigin.Configured, RtpCodec.Pcma, $"127.0.0.1:{configuredPort}"), (configured.Origin, configured.Rtp.Codec, configured.RtpStatistics.LocalAddress));
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("rt-shadow is skipped", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("rt-garbled is not restored", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Run-time RTP endpoints restored: 3 of 4", StringComparison.Ordinal));

        // A configured id is taken for creates, and a configured endpoint is not the API's to delete.
        var taken = await Assert.ThrowsAsync<RpcException>(() => client.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = EndpointsRpcTests.Rtp("rt-shadow", "harbour", FreePort.UdpPair()) }, Admin, cancellationToken: cts.Token).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);
        var fixedOne = await Assert.ThrowsAsync<RpcException>(() => client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rt-shadow" }, Admin, cancellationToken: cts.Token).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, fixedOne.StatusCode);
        Assert.Contains("configuration file", fixedOne.Status.Detail, StringComparison.Ordinal);

        // Deleting a run-time endpoint removes its row too.
        await client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rt-keep" }, Admin, cancellationToken: cts.Token);
        var rows = await second.Services.GetRequiredService<IEndpointRepository>().ListAsync(cts.Token);
        Assert.DoesNotContain(rows, r => r.Id.Value == "rt-keep");
        await second.StopAsync(cts.Token);
    }

    private async Task<WebApplication> StartAsync(RtpEndpointOptions? configured, CapturingLoggerProvider? logs = null)
    {
        var app = GatewayServer.Build(
            _directory,
            logs,
            new Dictionary<string, string?>
            {
                ["Gateway:Grpc:ApiKeys:0:Name"] = "admin",
                ["Gateway:Grpc:ApiKeys:0:KeySha256"] = ApiKeyHash.ComputeHex(Key),
                ["Gateway:Grpc:ApiKeys:0:Roles:0"] = "admin",
                ["Gateway:Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "gateway.db")}",
            },
            withStorage: true,
            rtp: configured is null ? null : [configured]);
        Directory.CreateDirectory(_directory);
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

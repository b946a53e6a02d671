using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Grpc.Core;
using Grpc.Health.V1;

namespace Gateway.Api.Tests.Auth;

[Collection(GatewayServerCollection.Name)]
public sealed class AuthTests
{
    private readonly GatewayServer _server;

    public AuthTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task ListTalkGroups_NoKey_Unauthenticated()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.ListTalkGroupsAsync(new ListTalkGroupsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task ListTalkGroups_WrongKey_UnauthenticatedAndKeyNotLogged()
    {
        const string wrong = "not-a-real-key-4711-secret";
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _server.TalkGroups.ListTalkGroupsAsync(new ListTalkGroupsRequest(), GatewayServer.Bearer(wrong)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains(_server.Logs.Lines, l => l.Contains("unknown key", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains(wrong, StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains(GatewayServer.AdminKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListTalkGroups_NotBearerScheme_Unauthenticated()
    {
        var headers = new Metadata { { "authorization", "Basic " + GatewayServer.AdminKey } };
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.ListTalkGroupsAsync(new ListTalkGroupsRequest(), headers).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task CreateTalkGroup_ObserverKey_PermissionDenied()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.CreateTalkGroupAsync(
            new CreateTalkGroupRequest { Id = "observer-made" }, GatewayServer.Bearer(GatewayServer.ObserverKey)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("admin", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Talk_ObserverKey_PermissionDenied()
    {
        using var talk = _server.Calls.Talk(GatewayServer.Bearer(GatewayServer.ObserverKey));
        try
        {
            await talk.RequestStream.WriteAsync(Services.TalkMonitorTests.Start("alpha", Priority.Normal, "x"));
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // The server may refuse the call before the first message is written; the status is read below either way.
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => talk.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task GetTalkGroup_GroupOutsideKey_PermissionDenied()
    {
        var headers = GatewayServer.Bearer(GatewayServer.NorthOnlyKey);
        var north = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "north" }, headers);
        Assert.Equal("north", north.Id);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "alpha" }, headers).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("alpha", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTalkGroups_RestrictedKey_SeesOnlyItsGroups()
    {
        var list = await _server.TalkGroups.ListTalkGroupsAsync(new ListTalkGroupsRequest(), GatewayServer.Bearer(GatewayServer.NorthOnlyKey));
        Assert.Equal(["north"], list.TalkGroups.Select(g => g.Id));
    }

    [Fact]
    public async Task Talk_GroupOutsideKey_PermissionDenied()
    {
        using var talk = _server.Calls.Talk(GatewayServer.Bearer(GatewayServer.NorthOnlyKey));
        await talk.RequestStream.WriteAsync(Services.TalkMonitorTests.Start("south", Priority.Normal, "x"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => talk.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task Monitor_GroupOutsideKey_PermissionDenied()
    {
        using var monitor = _server.Calls.Monitor(new MonitorRequest { TalkGroupIds = { "north", "alpha" }, Format = AudioFormat.Pcm1648K },
            GatewayServer.Bearer(GatewayServer.NorthOnlyKey));
        var ex = await Assert.ThrowsAsync<RpcException>(() => monitor.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_NoKey_Serving()
    {
        var health = new Grpc.Health.V1.Health.HealthClient(_server.Channel);
        var overall = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
        var calls = await health.CheckAsync(new HealthCheckRequest { Service = "gateway.v1.Calls" });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, calls.Status);
    }

    [Fact]
    public async Task Monitor_MoreStreamsThanKeyLimit_ResourceExhausted()
    {
        // The fixture allows 6 streams per key; use the restricted key so other tests' streams do not count.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var headers = GatewayServer.Bearer(GatewayServer.NorthOnlyKey);
        var open = new List<AsyncServerStreamingCall<MonitorResponse>>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var call = _server.Calls.Monitor(new MonitorRequest { TalkGroupIds = { "north" }, Format = AudioFormat.Pcm1648K }, headers, cancellationToken: cts.Token);
                open.Add(call);
            }

            await TestWait.UntilAsync<object>(async () =>
            {
                var endpoints = await _server.Units.ListEndpointsAsync(new ListEndpointsRequest { TalkGroupId = "north" }, headers, cancellationToken: cts.Token);
                return endpoints.Endpoints.Count(e => e.Kind == EndpointKind.Grpc) >= 6 ? new object() : null;
            }, cts.Token);

            using var seventh = _server.Calls.Monitor(new MonitorRequest { TalkGroupIds = { "north" }, Format = AudioFormat.Pcm1648K }, headers, cancellationToken: cts.Token);
            var ex = await Assert.ThrowsAsync<RpcException>(() => seventh.ResponseStream.MoveNext(cts.Token));
            Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        }
        finally
        {
            foreach (var call in open)
            {
                call.Dispose();
            }
        }
    }
}

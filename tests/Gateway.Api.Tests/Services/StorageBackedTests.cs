using Gateway.Api.Auth;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Services;

/// <summary>With storage registered: run-time groups survive a restart, ListCalls reads SQLite, GetRecording streams Ogg Opus.</summary>
public sealed class StorageBackedTests : IDisposable
{
    private const string Key = "storage-admin-key-0123456789";
    private static readonly Metadata Admin = GatewayServer.Bearer(Key);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gw-api-storage-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Restart_RuntimeGroupCallAndRecording_Persist()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string callId;
        await using (var first = await StartAsync())
        {
            using var channel = GrpcChannel.ForAddress(Address(first));
            var groups = new V1.TalkGroups.TalkGroupsClient(channel);
            var calls = new V1.Calls.CallsClient(channel);
            await groups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "persisted", Name = "Persisted", Record = true, HangTimeMs = 100 }, Admin, cancellationToken: cts.Token);

            using (var talk = calls.Talk(Admin, cancellationToken: cts.Token))
            {
                await talk.RequestStream.WriteAsync(TalkMonitorTests.Start("persisted", Priority.Dispatcher, "recorded"), cts.Token);
                callId = (await TalkMonitorTests.NextAsync(talk, cts.Token)).Granted.CallId;
                await talk.RequestStream.WriteAsync(TalkMonitorTests.Tone(500), cts.Token);
                await talk.RequestStream.WriteAsync(TalkMonitorTests.Tone(500), cts.Token);
                await talk.RequestStream.CompleteAsync();
                Assert.Equal(TalkResponse.MessageOneofCase.Ended, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
            }

            var stored = await TestWait.UntilAsync(async () =>
            {
                var page = await calls.ListCallsAsync(new ListCallsRequest { TalkGroupId = "persisted" }, Admin, cancellationToken: cts.Token);
                return page.Calls.FirstOrDefault(c => c.Id == callId && c.EndedAt is not null && c.HasRecording);
            }, cts.Token);
            Assert.Equal("recorded", stored.FirstTalker.DisplayName);

            var bytes = await TestWait.UntilAsync(async () =>
            {
                using var download = calls.GetRecording(new GetRecordingRequest { CallId = callId }, Admin, cancellationToken: cts.Token);
                var all = new List<byte>();
                try
                {
                    while (await download.ResponseStream.MoveNext(cts.Token))
                    {
                        all.AddRange(download.ResponseStream.Current.Data);
                    }
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    return null;
                }

                return all.Count > 0 ? all.ToArray() : null;
            }, cts.Token);
            Assert.Equal("OggS"u8.ToArray(), bytes[..4]);
            await first.StopAsync(cts.Token);
        }

        await using var second = await StartAsync();
        using var again = GrpcChannel.ForAddress(Address(second));
        var group = await new V1.TalkGroups.TalkGroupsClient(again).GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "persisted" }, Admin, cancellationToken: cts.Token);
        Assert.Equal((TalkGroupOrigin.Runtime, "Persisted", true), (group.Origin, group.Name, group.Record));
        var history = await new V1.Calls.CallsClient(again).ListCallsAsync(new ListCallsRequest { TalkGroupId = "persisted" }, Admin, cancellationToken: cts.Token);
        Assert.Contains(history.Calls, c => c.Id == callId);
        await second.StopAsync(cts.Token);
    }

    [Fact]
    public async Task Mutations_OkRefusedAndUnauthenticated_EachWriteOneAuditRow()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var app = await StartAsync();
        using var channel = GrpcChannel.ForAddress(Address(app));
        var groups = new V1.TalkGroups.TalkGroupsClient(channel);

        await groups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "audited", Name = "Audited" }, Admin, cancellationToken: cts.Token);
        var duplicate = await Assert.ThrowsAsync<RpcException>(() =>
            groups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "audited", Name = "Again" }, Admin, cancellationToken: cts.Token).ResponseAsync);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() =>
            groups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "audited" }, GatewayServer.Bearer("not-a-key"), cancellationToken: cts.Token).ResponseAsync);
        // Reads are not audited.
        await groups.ListTalkGroupsAsync(new ListTalkGroupsRequest(), Admin, cancellationToken: cts.Token);

        var rows = (await app.Services.GetRequiredService<Gateway.Storage.Repositories.IAuditLog>().ListAsync(cancellationToken: cts.Token))
            .OrderBy(r => r.Id).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(("admin", "gateway.v1.TalkGroups/CreateTalkGroup", "audited", "OK"), (rows[0].KeyName, rows[0].Action, rows[0].Target, rows[0].Result));
        Assert.Equal(("admin", "audited"), (rows[1].KeyName, rows[1].Target));
        Assert.StartsWith(duplicate.StatusCode.ToString(), rows[1].Result, StringComparison.Ordinal);
        Assert.Equal(("-", "gateway.v1.TalkGroups/DeleteTalkGroup", "audited"), (rows[2].KeyName, rows[2].Action, rows[2].Target));
        Assert.StartsWith(nameof(StatusCode.Unauthenticated), rows[2].Result, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        await app.StopAsync(cts.Token);
    }

    private async Task<WebApplication> StartAsync()
    {
        var app = GatewayServer.Build(_directory, null, new Dictionary<string, string?>
        {
            ["Gateway:Grpc:ApiKeys:0:Name"] = "admin",
            ["Gateway:Grpc:ApiKeys:0:KeySha256"] = ApiKeyHash.ComputeHex(Key),
            ["Gateway:Grpc:ApiKeys:0:Roles:0"] = "admin",
            ["Gateway:Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "gateway.db")}",
            ["Gateway:Recording:Enabled"] = "true",
            ["Gateway:Recording:Directory"] = Path.Combine(_directory, "recordings"),
            ["Gateway:Recording:MinFreeMegabytes"] = "1",
        }, withStorage: true);
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

using Gateway.Api.Errors;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;

namespace Gateway.Api.Tests.Services;

/// <summary>Every unary RPC and the event stream against the real core, plus validation errors naming the field.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class RpcTests
{
    private static readonly Metadata Admin = GatewayServer.Bearer(GatewayServer.AdminKey);
    private static readonly Metadata Dispatcher = GatewayServer.Bearer(GatewayServer.DispatcherKey);
    private static readonly Metadata Observer = GatewayServer.Bearer(GatewayServer.ObserverKey);
    private readonly GatewayServer _server;

    public RpcTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task TalkGroups_CreateUpdateGetDelete_RoundTrip()
    {
        var created = await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "harbour", Name = "Harbour", HangTimeMs = 1500, Record = true }, Admin);
        Assert.Equal(("harbour", "Harbour", 1500, true, TalkGroupOrigin.Runtime), (created.Id, created.Name, created.HangTimeMs, created.Record, created.Origin));
        Assert.Equal(60, created.MaxTransmitSeconds);

        var dup = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "harbour" }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, dup.StatusCode);

        var updated = await _server.TalkGroups.UpdateTalkGroupAsync(new UpdateTalkGroupRequest { TalkGroupId = "harbour", MaxTransmitSeconds = 30 }, Admin);
        Assert.Equal((30, 1500, "Harbour"), (updated.MaxTransmitSeconds, updated.HangTimeMs, updated.Name));

        var got = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "harbour" }, Observer);
        Assert.Equal(FloorPhase.Idle, got.Floor.Phase);
        Assert.Equal(30, got.MaxTransmitSeconds);

        var configured = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "alpha" }, Observer);
        Assert.Equal(TalkGroupOrigin.Configuration, configured.Origin);

        await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "harbour" }, Admin);
        var gone = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "harbour" }, Observer).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        var list = await _server.TalkGroups.ListTalkGroupsAsync(new ListTalkGroupsRequest(), Observer);
        Assert.DoesNotContain(list.TalkGroups, g => g.Id == "harbour");
        Assert.Contains(list.TalkGroups, g => g.Id == "alpha" && g.Name == "ALPHA");
    }

    [Fact]
    public async Task Patch_TwoGroups_LinkedUntilUnpatched()
    {
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "east" }, Admin);
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "west" }, Admin);
        var patch = await _server.TalkGroups.PatchAsync(new PatchRequest { TalkGroupIds = { "east", "west" } }, Admin);
        Assert.False(string.IsNullOrEmpty(patch.PatchId));
        var east = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "east" }, Observer);
        Assert.Contains("west", east.PatchedWith);

        await _server.TalkGroups.UnpatchAsync(new UnpatchRequest { PatchId = patch.PatchId }, Admin);
        east = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "east" }, Observer);
        Assert.Empty(east.PatchedWith);
        var again = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.UnpatchAsync(new UnpatchRequest { PatchId = patch.PatchId }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Units_CheckInAndOut_DutyStateShown()
    {
        var list = await _server.Units.ListUnitsAsync(new ListUnitsRequest(), Observer);
        Assert.Contains(list.Units, u => u.Id == "patrol-3" && u.Selcall == "12031");

        var inDuty = await _server.Units.CheckInAsync(new CheckInRequest { UnitId = "patrol-3", Location = "Gate 4", Note = "two officers" }, Dispatcher);
        Assert.True(inDuty.OnDuty);
        Assert.Equal("Gate 4", inDuty.Location);
        var onDuty = await _server.Units.ListUnitsAsync(new ListUnitsRequest { OnDutyOnly = true }, Observer);
        Assert.Contains(onDuty.Units, u => u.Id == "patrol-3");

        var outDuty = await _server.Units.CheckOutAsync(new CheckOutRequest { UnitId = "patrol-3", Note = "end of shift" }, Dispatcher);
        Assert.False(outDuty.OnDuty);
        var got = await _server.Units.GetUnitAsync(new GetUnitRequest { UnitId = "patrol-3" }, Observer);
        Assert.False(got.OnDuty);
        Assert.Equal(["alpha"], got.TalkGroupIds);

        var missing = await Assert.ThrowsAsync<RpcException>(() => _server.Units.CheckInAsync(new CheckInRequest { UnitId = "nobody" }, Dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var outside = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Units.CheckInAsync(new CheckInRequest { UnitId = "patrol-3" }, GatewayServer.Bearer(GatewayServer.NorthOnlyKey)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outside.StatusCode);
    }

    [Fact]
    public async Task Events_Subscribe_SeesDutyChangeAndFiltersKinds()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var units = _server.Events.Subscribe(new SubscribeRequest { Kinds = { EventKind.Unit } }, Observer, cancellationToken: cts.Token);
        var received = new System.Collections.Concurrent.ConcurrentQueue<Event>();
        var reader = Task.Run(async () =>
        {
            while (await units.ResponseStream.MoveNext(cts.Token))
            {
                received.Enqueue(units.ResponseStream.Current);
            }
        }, cts.Token);

        // The subscription exists once the server has run the call; a check-in before that is not seen, so repeat until one is.
        var seen = await TestWait.UntilAsync(async () =>
        {
            await _server.Units.CheckInAsync(new CheckInRequest { UnitId = "north-1", Location = "Depot" }, Dispatcher, cancellationToken: cts.Token);
            await Task.Delay(100, cts.Token);
            return received.FirstOrDefault(e => e.Unit?.UnitId == "north-1");
        }, cts.Token);
        Assert.Equal(EventKind.Unit, seen.Kind);
        Assert.Equal(UnitEventType.Duty, seen.Unit.Type);
        Assert.True(seen.Unit.OnDuty);
        Assert.Equal("Depot", seen.Unit.Location);
        Assert.All(received, e => Assert.Equal(EventKind.Unit, e.Kind));
        Assert.False(reader.IsFaulted);
    }

    [Fact]
    public async Task ListCalls_AfterTalk_ShowsCallAndPages()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string callId;
        using (var talk = _server.Calls.Talk(Dispatcher, cancellationToken: cts.Token))
        {
            await talk.RequestStream.WriteAsync(TalkMonitorTests.Start("north", Priority.Normal, "logger"), cts.Token);
            var granted = await TalkMonitorTests.NextAsync(talk, cts.Token);
            callId = granted.Granted.CallId;
            await talk.RequestStream.WriteAsync(TalkMonitorTests.Tone(100), cts.Token);
            await talk.RequestStream.CompleteAsync();
            Assert.Equal(TalkResponse.MessageOneofCase.Ended, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
        }

        var call = await TestWait.UntilAsync(async () =>
        {
            var calls = await _server.Calls.ListCallsAsync(new ListCallsRequest { TalkGroupId = "north", PageSize = 1 }, Observer, cancellationToken: cts.Token);
            return calls.Calls.FirstOrDefault(c => c.Id == callId && c.EndedAt is not null);
        }, cts.Token);
        Assert.Equal("logger", call.FirstTalker.DisplayName);
        Assert.Equal(1, call.Transmissions);
        Assert.False(call.HasRecording);

        var bad = await Assert.ThrowsAsync<RpcException>(() => _server.Calls.ListCallsAsync(new ListCallsRequest { PageToken = "zz" }, Observer).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.StartsWith("page_token", bad.Status.Detail, StringComparison.Ordinal);

        using var recording = _server.Calls.GetRecording(new GetRecordingRequest { CallId = callId }, Observer);
        var none = await Assert.ThrowsAsync<RpcException>(() => recording.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(StatusCode.NotFound, none.StatusCode);
        Assert.Contains("recording", none.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_AllMethods_ImplementedWithClearErrors()
    {
        // The alert engine answers every method (tests/Gateway.Api.Tests/Alerts covers the working paths).
        var calls = new (Func<Task> Call, StatusCode Code)[]
        {
            (() => _server.Alerts.BroadcastAsync(new BroadcastRequest(), Dispatcher).ResponseAsync, StatusCode.InvalidArgument),
            (() => _server.Alerts.GetAlertAsync(new GetAlertRequest { AlertId = "a" }, Observer).ResponseAsync, StatusCode.NotFound),
            (() => _server.Alerts.AcknowledgeAsync(new AcknowledgeRequest { AlertId = "a", UnitId = "patrol-3" }, Dispatcher).ResponseAsync, StatusCode.NotFound),
            (() => _server.Alerts.CancelAlertAsync(new CancelAlertRequest { AlertId = "a" }, Dispatcher).ResponseAsync, StatusCode.NotFound),
        };
        foreach (var (call, code) in calls)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(code, ex.StatusCode);
        }

        Assert.NotNull(await _server.Alerts.ListAlertsAsync(new ListAlertsRequest(), Observer));
    }

    [Fact]
    public async Task Reflection_ListServices_IncludesGatewayServices()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_server.Channel);
        using var call = reflection.ServerReflectionInfo(Observer);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("gateway.v1.Calls", names);
        Assert.Contains("gateway.v1.TalkGroups", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [Theory]
    [InlineData("", "talk_group_id")]
    [InlineData("has space", "talk_group_id")]
    [InlineData("-lead", "talk_group_id")]
    [InlineData("a:b", "talk_group_id")]
    [InlineData("a-very-long-talk-group-identifier-that-goes-well-beyond-sixty-four-chars", "talk_group_id")]
    public async Task GetTalkGroup_BadId_InvalidArgumentNamingField(string id, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = id }, Observer).ResponseAsync);
        AssertInvalid(ex, field);
    }

    [Fact]
    public async Task CheckIn_NoteOver1000Chars_InvalidArgumentNamingField()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Units.CheckInAsync(new CheckInRequest { UnitId = "patrol-3", Note = new string('n', 1001) }, Dispatcher).ResponseAsync);
        AssertInvalid(ex, "note");
    }

    [Fact]
    public async Task CreateTalkGroup_NameOver64Chars_InvalidArgumentNamingField()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "longname", Name = new string('x', 65) }, Admin).ResponseAsync);
        AssertInvalid(ex, "name");
        var hang = await Assert.ThrowsAsync<RpcException>(() =>
            _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "longhang", HangTimeMs = -1 }, Admin).ResponseAsync);
        AssertInvalid(hang, "hang_time_ms");
    }

    [Theory]
    [InlineData("display_name")]
    [InlineData("format")]
    [InlineData("priority")]
    [InlineData("first")]
    public async Task Talk_BadStart_InvalidArgumentNamingField(string broken)
    {
        var start = new TalkStart { TalkGroupId = "south", DisplayName = "ok", Format = AudioFormat.Pcm1648K, Priority = Priority.Normal };
        var request = new TalkRequest { Start = start };
        var field = "start." + broken;
        switch (broken)
        {
            case "display_name": start.DisplayName = new string('d', 65); break;
            case "format": start.Format = AudioFormat.Unspecified; break;
            case "priority": start.Priority = (Priority)99; break;
            default:
                request = new TalkRequest { Audio = new TalkAudio { Data = ByteString.CopyFrom(new byte[4]) } };
                field = "start";
                break;
        }

        using var talk = _server.Calls.Talk(Dispatcher);
        await talk.RequestStream.WriteAsync(request);
        var ex = await Assert.ThrowsAsync<RpcException>(() => talk.ResponseStream.MoveNext(CancellationToken.None));
        AssertInvalid(ex, field);
    }

    [Fact]
    public async Task Talk_AudioChunkOver64KiB_InvalidArgumentAndFloorReleased()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var talk = _server.Calls.Talk(Dispatcher, cancellationToken: cts.Token);
        await talk.RequestStream.WriteAsync(TalkMonitorTests.Start("south", Priority.Normal, "big"), cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Granted, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
        await talk.RequestStream.WriteAsync(new TalkRequest { Audio = new TalkAudio { Data = ByteString.CopyFrom(new byte[(64 * 1024) + 2]) } }, cts.Token);
        // Half-close so the server's early error status is not raced by an open request body (which resets the HTTP/2 stream).
        try
        {
            await talk.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
        }

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await talk.ResponseStream.MoveNext(cts.Token))
            {
            }
        });
        AssertInvalid(ex, "audio.data");
        var group = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "south" }, Observer, cancellationToken: cts.Token);
        Assert.NotEqual(FloorPhase.Taken, group.Floor.Phase);
    }

    [Fact]
    public async Task Monitor_NoGroupsOrFormat_InvalidArgumentNamingField()
    {
        using var none = _server.Calls.Monitor(new MonitorRequest { Format = AudioFormat.Opus }, Observer);
        AssertInvalid(await Assert.ThrowsAsync<RpcException>(() => none.ResponseStream.MoveNext(CancellationToken.None)), "talk_group_ids");
        using var noFormat = _server.Calls.Monitor(new MonitorRequest { TalkGroupIds = { "alpha" } }, Observer);
        AssertInvalid(await Assert.ThrowsAsync<RpcException>(() => noFormat.ResponseStream.MoveNext(CancellationToken.None)), "format");
        using var unknown = _server.Calls.Monitor(new MonitorRequest { TalkGroupIds = { "nowhere" }, Format = AudioFormat.Opus }, Observer);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => unknown.ResponseStream.MoveNext(CancellationToken.None))).StatusCode);
    }

    private static void AssertInvalid(RpcException ex, string field)
    {
        Assert.True(ex.StatusCode == StatusCode.InvalidArgument, $"{ex.StatusCode}: {ex.Status.Detail} {ex.Status.DebugException}");
        Assert.StartsWith(field + ":", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(field, ex.Trailers.GetValue(ApiErrors.FieldTrailer));
    }
}

using Gateway.Api.Auth;
using Gateway.Api.Tests.Services;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.UnitState;

/// <summary>Units.RaiseEmergency / ClearEmergency / SetStatus on a real server with SQLite: events, monitor tone, priority, restart, audit, board, gatewayctl.</summary>
public sealed class UnitStateRpcTests : IAsyncLifetime
{
    private const string DispatcherKey = "emerg-dispatcher-key-0123456789";
    private const string ObserverKey = "emerg-observer-key-0123456789";
    private static readonly Metadata Dispatcher = GatewayServer.Bearer(DispatcherKey);
    private static readonly Metadata Observer = GatewayServer.Bearer(ObserverKey);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gw-api-emerg-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;

    private V1.Units.UnitsClient UnitsClient => new(_channel);

    public async Task InitializeAsync() => await StartAsync();

    [Fact]
    public async Task RaiseEmergency_Grpc_EventToneOnMonitorAndTheUnitsNextTalkPreemptsTheDispatcher()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var calls = new V1.Calls.CallsClient(_channel);
        using var monitorCall = calls.Monitor(new MonitorRequest { TalkGroupIds = { "alpha" }, Format = AudioFormat.Pcm1648K }, Observer, cancellationToken: cts.Token);
        var monitor = MonitorCollector.Start(monitorCall, cts.Token);
        using var events = new V1.Events.EventsClient(_channel).Subscribe(new SubscribeRequest { Kinds = { EventKind.Emergency } }, Observer, cancellationToken: cts.Token);
        await WaitMonitorAttachedAsync(cts.Token);
        using var dispatcher = calls.Talk(Dispatcher, cancellationToken: cts.Token);
        await dispatcher.RequestStream.WriteAsync(TalkMonitorTests.Start("alpha", Priority.Dispatcher, "console"), cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Granted, (await TalkMonitorTests.NextAsync(dispatcher, cts.Token)).MessageCase);

        var unit = await UnitsClient.RaiseEmergencyAsync(new RaiseEmergencyRequest { UnitId = "patrol-3", Note = "gate 3", Latitude = 23.13, Longitude = 113.32 }, Dispatcher, cancellationToken: cts.Token);

        Assert.Equal(("alpha", "grpc:emerg-dispatcher", "gate 3", true), (unit.Emergency.TalkGroupId, unit.Emergency.Source, unit.Emergency.Note, unit.Emergency.PriorityPending));
        Assert.True(await events.ResponseStream.MoveNext(cts.Token));
        var raised = events.ResponseStream.Current;
        Assert.Equal((EventKind.Emergency, "alpha", EmergencyEventType.Raised, "patrol-3", 23.13), (raised.Kind, raised.TalkGroupId, raised.Emergency.Type, raised.Emergency.UnitId, raised.Emergency.Latitude));
        var heard = await monitor.UntilAsync(s => s.Frames.Any(f => f.AlertTone == "emergency" && f.EndOfTransmission) && s.Events.Any(e => e.Emergency is not null), cts.Token);
        var tone = heard.Frames.Where(f => f.AlertTone == "emergency").ToList();
        Assert.True(tone.Count >= 50, $"a tone of at least a second ({tone.Count} frames)");
        Assert.Contains(tone, f => Wav.FromBytes(f.Data.Span).Any(s => Math.Abs((int)s) > 3000)); // audible, not silence

        // The unit talks at NORMAL priority: the gateway raises it to EMERGENCY and the dispatcher is pre-empted.
        using var field = calls.Talk(Dispatcher, cancellationToken: cts.Token);
        var start = TalkMonitorTests.Start("alpha", Priority.Normal, "patrol 3");
        start.Start.UnitId = "patrol-3";
        await field.RequestStream.WriteAsync(start, cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Granted, (await TalkMonitorTests.NextAsync(field, cts.Token)).MessageCase);
        Assert.Equal(TalkResponse.MessageOneofCase.Revoked, (await TalkMonitorTests.NextAsync(dispatcher, cts.Token)).MessageCase);
        var granted = await monitor.UntilAsync(s => s.Events.Any(e => e.Floor?.Type == FloorEventType.Granted && e.Floor.Talker.UnitId == "patrol-3"), cts.Token);
        Assert.Equal(Priority.Emergency, granted.Events.Last(e => e.Floor?.Type == FloorEventType.Granted).Floor.Priority);
        Assert.False((await UnitsClient.GetUnitAsync(new GetUnitRequest { UnitId = "patrol-3" }, Observer, cancellationToken: cts.Token)).Emergency.PriorityPending);
    }

    [Fact]
    public async Task RaiseEmergency_OpusMonitor_HearsTheToneEncodedInItsFormat()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var monitorCall = new V1.Calls.CallsClient(_channel).Monitor(new MonitorRequest { TalkGroupIds = { "alpha" }, Format = AudioFormat.Opus }, Observer, cancellationToken: cts.Token);
        var monitor = MonitorCollector.Start(monitorCall, cts.Token);
        await WaitMonitorAttachedAsync(cts.Token);

        await UnitsClient.RaiseEmergencyAsync(new RaiseEmergencyRequest { UnitId = "patrol-3" }, Dispatcher, cancellationToken: cts.Token);

        var heard = await monitor.UntilAsync(s => s.Frames.Any(f => f.AlertTone == "emergency" && f.EndOfTransmission), cts.Token);
        using var decoder = _app.Services.GetRequiredService<Gateway.Audio.Codecs.ICodecFactory>().CreateDecoder(Gateway.Audio.Codecs.CodecProfile.Opus());
        var pcm = new float[960];
        double energy = 0;
        var samples = 0;
        foreach (var frame in heard.Frames.Where(f => f.AlertTone == "emergency"))
        {
            Assert.Equal(AudioFormat.Opus, frame.Format);
            var n = decoder.Decode(frame.Data.Span, pcm);
            energy += pcm.AsSpan(0, n).ToArray().Sum(x => (double)x * x);
            samples += n;
        }

        Assert.True(samples >= 48_000, $"at least a second of tone ({samples} samples)");
        Assert.True(Math.Sqrt(energy / samples) > 0.1, "the decoded tone is loud (hi-lo at -8 dBFS)");
    }

    [Fact]
    public async Task Requests_Invalid_NameTheFieldOrAnswerNotFound()
    {
        async Task<RpcException> Fails(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

        var empty = await Fails(() => UnitsClient.RaiseEmergencyAsync(new RaiseEmergencyRequest(), Dispatcher).ResponseAsync);
        var unknown = await Fails(() => UnitsClient.RaiseEmergencyAsync(new RaiseEmergencyRequest { UnitId = "nobody" }, Dispatcher).ResponseAsync);
        var group = await Fails(() => UnitsClient.RaiseEmergencyAsync(new RaiseEmergencyRequest { UnitId = "patrol-3", TalkGroupId = "west" }, Dispatcher).ResponseAsync);
        var half = await Fails(() => UnitsClient.RaiseEmergencyAsync(new RaiseEmergencyRequest { UnitId = "patrol-3", Latitude = 23 }, Dispatcher).ResponseAsync);
        var latitude = await Fails(() => UnitsClient.RaiseEmergencyAsync(new RaiseEmergencyRequest { UnitId = "patrol-3", Latitude = 91, Longitude = 0 }, Dispatcher).ResponseAsync);
        var status = await Fails(() => UnitsClient.SetStatusAsync(new SetStatusRequest { UnitId = "patrol-3", Status = "asleep" }, Dispatcher).ResponseAsync);
        var noStatus = await Fails(() => UnitsClient.SetStatusAsync(new SetStatusRequest { UnitId = "patrol-3" }, Dispatcher).ResponseAsync);
        var clearUnknown = await Fails(() => UnitsClient.ClearEmergencyAsync(new ClearEmergencyRequest { UnitId = "nobody" }, Dispatcher).ResponseAsync);
        var observer = await Fails(() => UnitsClient.RaiseEmergencyAsync(new RaiseEmergencyRequest { UnitId = "patrol-3" }, Observer).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, true), (empty.StatusCode, empty.Status.Detail.StartsWith("unit_id", StringComparison.Ordinal)));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((StatusCode.NotFound, true), (group.StatusCode, group.Status.Detail.Contains("west", StringComparison.Ordinal)));
        Assert.Equal((StatusCode.InvalidArgument, true), (half.StatusCode, half.Status.Detail.StartsWith("longitude", StringComparison.Ordinal)));
        Assert.Equal((StatusCode.InvalidArgument, true), (latitude.StatusCode, latitude.Status.Detail.StartsWith("latitude", StringComparison.Ordinal)));
        Assert.Equal((StatusCode.InvalidArgument, true), (status.StatusCode, status.Status.Detail.StartsWith("status", StringComparison.Ordinal) && status.Status.Detail.Contains("on_scene", StringComparison.Ordinal)));
        Assert.Equal((StatusCode.InvalidArgument, true), (noStatus.StatusCode, noStatus.Status.Detail.StartsWith("status", StringComparison.Ordinal)));
        Assert.Equal(StatusCode.NotFound, clearUnknown.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, observer.StatusCode);
        Assert.Null((await UnitsClient.GetUnitAsync(new GetUnitRequest { UnitId = "patrol-3" }, Observer)).Emergency);
    }

    [Fact]
    public async Task RaiseEmergency_Restart_KeepsItUntilClearedAndEveryChangeIsAudited()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var raised = await UnitsClient.RaiseEmergencyAsync(new RaiseEmergencyRequest { UnitId = "patrol-3" }, Dispatcher, cancellationToken: cts.Token);
        await UnitsClient.SetStatusAsync(new SetStatusRequest { UnitId = "patrol-3", Status = "on_scene" }, Dispatcher, cancellationToken: cts.Token);

        await RestartAsync();

        var restored = await UnitsClient.GetUnitAsync(new GetUnitRequest { UnitId = "patrol-3" }, Observer, cancellationToken: cts.Token);
        Assert.Equal(raised.Emergency.RaisedAt.ToDateTimeOffset().ToUnixTimeMilliseconds(), restored.Emergency.RaisedAt.ToDateTimeOffset().ToUnixTimeMilliseconds()); // stored to the millisecond
        Assert.Equal("on_scene", restored.Status);
        var listed = await UnitsClient.ListUnitsAsync(new ListUnitsRequest(), Observer, cancellationToken: cts.Token);
        Assert.NotNull(listed.Units.Single(u => u.Id == "patrol-3").Emergency);
        var group = await new V1.TalkGroups.TalkGroupsClient(_channel).GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "alpha" }, Observer, cancellationToken: cts.Token);
        Assert.Equal(["patrol-3"], group.EmergencyUnitIds); // the group is in emergency too

        var cleared = await UnitsClient.ClearEmergencyAsync(new ClearEmergencyRequest { UnitId = "patrol-3", Note = "false alarm checked" }, Dispatcher, cancellationToken: cts.Token);
        Assert.Null(cleared.Emergency);
        await RestartAsync();
        Assert.Null((await UnitsClient.GetUnitAsync(new GetUnitRequest { UnitId = "patrol-3" }, Observer, cancellationToken: cts.Token)).Emergency);
        Assert.Empty((await new V1.TalkGroups.TalkGroupsClient(_channel).GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "alpha" }, Observer, cancellationToken: cts.Token)).EmergencyUnitIds);

        var rows = (await _app.Services.GetRequiredService<Gateway.Storage.Repositories.IAuditLog>().ListAsync(cancellationToken: cts.Token)).OrderBy(r => r.Id).ToList();
        Assert.Equal(
            ["gateway.v1.Units/RaiseEmergency", "gateway.v1.Units/SetStatus", "gateway.v1.Units/ClearEmergency"],
            rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal(("emerg-dispatcher", "patrol-3", "OK"), (r.KeyName, r.Target, r.Result)));
    }

    [Fact]
    public async Task SetStatus_DuringAnAlert_ShowsOnTheBoardAndInGatewayctl()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var alerts = new V1.Alerts.AlertsClient(_channel);
        var alert = await alerts.BroadcastAsync(new BroadcastRequest
        {
            Targets = new AlertTargets { UnitIds = { "patrol-3" } },
            Priority = Priority.Alert,
            Signalling = new Signalling { None = new NoSignalling() },
            Text = "fire",
            AckPolicy = new AckPolicy { Required = true },
        }, Dispatcher, cancellationToken: cts.Token);

        var (code, stdout, stderr) = await GatewayctlAsync("--api-key", DispatcherKey, "status", "patrol-3", "on_scene");
        Assert.True(code == 0, stderr);
        Assert.Contains("patrol-3 (Sports Centre patrol 3) on_scene", stdout, StringComparison.Ordinal);

        var board = await TestWait.UntilAsync(async () =>
        {
            var a = await alerts.GetAlertAsync(new GetAlertRequest { AlertId = alert.Id }, Observer, cancellationToken: cts.Token);
            return a.Units.Single().OnSceneAt is null ? null : a;
        }, cts.Token);
        var unit = board.Units.Single();
        // Arriving acknowledges the page (in the same call).
        Assert.InRange(unit.OnSceneAt.ToDateTimeOffset() - unit.AcknowledgedAt.ToDateTimeOffset(), TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));
        Assert.Equal(AckSource.Grpc, unit.Via);
        Assert.Equal((1, 1, 1), (board.Counts.OnScene, board.Counts.OnSceneWithin3Minutes, board.Counts.OnSceneWithin5Minutes));

        var shown = await GatewayctlAsync("--api-key", ObserverKey, "alerts", alert.Id);
        Assert.Equal(0, shown.Code);
        var lines = shown.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("UNIT ", StringComparison.Ordinal) && l.Contains("ON SCENE", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("patrol-3 ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("acknowledged 1/1", StringComparison.Ordinal) && l.Contains("on scene 1 (≤3 min 1, ≤5 min 1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gatewayctl_EmergencyRaiseAndClear_ReportsAndChangesTheUnit()
    {
        var raise = await GatewayctlAsync("--api-key", DispatcherKey, "emergency", "raise", "--unit", "patrol-3", "--note", "gate 3", "--lat", "23.13", "--lon", "113.32");
        Assert.True(raise.Code == 0, raise.Stderr);
        Assert.Contains("patrol-3 (Sports Centre patrol 3) in emergency in alpha", raise.Stdout, StringComparison.Ordinal);
        var units = await GatewayctlAsync("--api-key", ObserverKey, "units");
        Assert.Contains(units.Stdout.Split('\n'), l => l.StartsWith("patrol-3 ", StringComparison.Ordinal) && l.Contains("alpha since", StringComparison.Ordinal));
        var groups = await GatewayctlAsync("--api-key", ObserverKey, "groups");
        Assert.Contains(groups.Stdout.Split('\n'), l => l.StartsWith("alpha ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("patrol-3", StringComparison.Ordinal));

        var clear = await GatewayctlAsync("--api-key", DispatcherKey, "emergency", "clear", "--unit", "patrol-3");
        Assert.Equal(0, clear.Code);
        Assert.Null((await UnitsClient.GetUnitAsync(new GetUnitRequest { UnitId = "patrol-3" }, Observer)).Emergency);

        Assert.Equal(2, (await GatewayctlAsync("--api-key", DispatcherKey, "emergency", "sound")).Code);
        Assert.Equal(2, (await GatewayctlAsync("--api-key", DispatcherKey, "status", "patrol-3")).Code);
        var notFound = await GatewayctlAsync("--api-key", DispatcherKey, "status", "nobody", "on_scene");
        Assert.Equal(1, notFound.Code);
        Assert.Contains("NotFound", notFound.Stderr, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task StartAsync()
    {
        Directory.CreateDirectory(_directory);
        _app = GatewayServer.Build(_directory, null, new Dictionary<string, string?>
        {
            ["Gateway:Grpc:ApiKeys:0:Name"] = "emerg-dispatcher",
            ["Gateway:Grpc:ApiKeys:0:KeySha256"] = ApiKeyHash.ComputeHex(DispatcherKey),
            ["Gateway:Grpc:ApiKeys:0:Roles:0"] = "dispatcher",
            ["Gateway:Grpc:ApiKeys:1:Name"] = "emerg-observer",
            ["Gateway:Grpc:ApiKeys:1:KeySha256"] = ApiKeyHash.ComputeHex(ObserverKey),
            ["Gateway:Grpc:ApiKeys:1:Roles:0"] = "observer",
            ["Gateway:Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "gateway.db")}",
        }, withStorage: true);
        _app.Services.GetRequiredService<Gateway.Core.ISwitchboard>().UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId("alpha"), "ALPHA") with { HangTime = TimeSpan.FromMilliseconds(300) });
        _app.Services.GetRequiredService<IUnitDirectory>().Upsert(new UnitSettings(new UnitId("patrol-3"), "Sports Centre patrol 3", [new TalkGroupId("alpha")], "patrol3", "12031", "031"));
        await _app.StartAsync();
        _channel = GrpcChannel.ForAddress(Address);
    }

    private async Task StopAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    private string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    private async Task WaitMonitorAttachedAsync(CancellationToken ct) =>
        await TestWait.UntilAsync<object>(async () =>
        {
            var endpoints = await UnitsClient.ListEndpointsAsync(new ListEndpointsRequest { TalkGroupId = "alpha" }, Observer, cancellationToken: ct);
            return endpoints.Endpoints.Any(e => e.Id.StartsWith("grpc-monitor-", StringComparison.Ordinal)) ? new object() : null;
        }, ct);

    private Task<(int Code, string Stdout, string Stderr)> GatewayctlAsync(params string[] arguments) =>
        Gatewayctl.RunAsync(Address, TimeSpan.FromSeconds(30), arguments);
}

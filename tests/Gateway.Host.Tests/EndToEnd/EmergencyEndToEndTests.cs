using System.Text.Json.Nodes;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Host.Tests.EndToEnd.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// Issue 11 end to end through the real host (<see cref="PagingScene"/>: murmurd, an RTP console peer, gRPC): a unit raises an
/// emergency with RFC 4733 DTMF from the RTP peer, a Mumble "SOS" text and gRPC RaiseEmergency; each produces the event, the
/// emergency tone on a dispatcher's Monitor stream and emergency priority for the unit's next talk, which pre-empts a talking
/// dispatcher. The emergency survives a restart until a dispatcher clears it. Status messages sent by DTMF, Mumble text and
/// gRPC land on the alert board with exact times (alert engine on a fake clock).
/// </summary>
[Collection(EmergencyEndToEndCollection.Name)]
public sealed class EmergencyEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RaiseEmergency_FromRtpDtmfMumbleTextAndGrpc_EventToneAndPriorityThenPersistsUntilCleared()
    {
        // Gateway:Emergency from the configuration file: a 2 s steady monitor tone.
        await using var scene = await PagingScene.StartAsync(c => c.Gateway["Emergency"] = new JsonObject { ["TonePreset"] = "steady", ["CancelGraceSeconds"] = 5 });
        var host = scene.Host;
        using var bus = host.Services.GetRequiredService<IEventBus>().Subscribe("test", 4096, e => e is EmergencyRaised or FloorGranted or FloorRevoked);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var events = host.Events.Subscribe(new V1.SubscribeRequest { Kinds = { V1.EventKind.Emergency } }, cancellationToken: cts.Token);
        await using var monitor = await MonitorTap.StartAsync(host, "sports", cts.Token);

        // 1. An RTP console (engine-1's radio path) keys "*9" + DtmfId 031 + "#" as RFC 4733 events while a dispatcher talks.
        await using (var dispatcher = await DispatcherTalk.StartAsync(host, cts.Token))
        {
            await scene.Console.SendDtmfAsync("*9031#");
            await ExpectRaisedAsync(events, bus.Reader, monitor, "engine-1", "dtmf:console-a", tones: 1, cts.Token);

            // The console's next talk spurt (its endpoint is configured at normal priority) takes the floor at emergency.
            var talking = Task.Run(() => scene.Console.Talk(scene.Codecs, TestAudio.Tone(440, 1), PagingScene.OpusPayloadType, cts.Token));
            await ExpectPreemptionAsync(bus.Reader, dispatcher, g => g.Grant.Talker.Endpoint.Value == "console-a", cts.Token);
            await talking;
        }

        // 2. patrol-7 types "SOS gate 2" on its PoC handset, then talks.
        await using (var dispatcher = await DispatcherTalk.StartAsync(host, cts.Token))
        {
            await scene.Patrol7.SendTextAsync(scene.SportsChannel, "SOS gate 2");
            var raised = await ExpectRaisedAsync(events, bus.Reader, monitor, "patrol-7", "text:mumble:poc:Sports", tones: 2, cts.Token);
            Assert.Equal("gate 2", raised.Emergency.Note);
            await SendMumbleVoiceAsync(scene, seconds: 1);
            await ExpectPreemptionAsync(bus.Reader, dispatcher, g => g.Grant.Talker.Unit?.Value == "patrol-7", cts.Token);
        }

        // 3. A dispatch integration raises one for command-1 over gRPC; command-1 then talks over gRPC at NORMAL priority.
        await using (var dispatcher = await DispatcherTalk.StartAsync(host, cts.Token))
        {
            await host.Units.RaiseEmergencyAsync(new V1.RaiseEmergencyRequest { UnitId = "command-1", Note = "panic button" }, cancellationToken: cts.Token);
            await ExpectRaisedAsync(events, bus.Reader, monitor, "command-1", "grpc:e2e-admin", tones: 3, cts.Token);
            await using var unitTalk = await DispatcherTalk.StartAsync(host, cts.Token, V1.Priority.Normal, unit: "command-1");
            await ExpectPreemptionAsync(bus.Reader, dispatcher, g => g.Grant.Talker.Unit?.Value == "command-1", cts.Token);
        }

        // A restart keeps every emergency until a dispatcher clears it. (Open server streams would hold the host's
        // graceful stop, as they would for a real service: the clients go first.)
        await monitor.DisposeAsync();
        events.Dispose();
        await scene.RestartHostAsync();
        host = scene.Host;
        var units = (await host.Units.ListUnitsAsync(new V1.ListUnitsRequest(), cancellationToken: cts.Token)).Units;
        Assert.Equal(["command-1", "engine-1", "patrol-7"], units.Where(u => u.Emergency is not null).Select(u => u.Id).Order(StringComparer.Ordinal));
        Assert.Equal("sports", units.Single(u => u.Id == "engine-1").Emergency.TalkGroupId);
        var cleared = await host.Units.ClearEmergencyAsync(new V1.ClearEmergencyRequest { UnitId = "engine-1", Note = "unit safe" }, cancellationToken: cts.Token);
        Assert.Null(cleared.Emergency);

        await scene.RestartHostAsync();
        units = (await scene.Host.Units.ListUnitsAsync(new V1.ListUnitsRequest(), cancellationToken: cts.Token)).Units;
        Assert.Equal(["command-1", "patrol-7"], units.Where(u => u.Emergency is not null).Select(u => u.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Status_ThroughDtmfTextAndGrpc_AppearsOnTheAlertBoardWithExactTimes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        await using var scene = await PagingScene.StartAsync(configureServices: services => services.AddSingleton(new AlertClock(clock)));
        using var recorded = scene.Host.Services.GetRequiredService<IEventBus>().Subscribe("test", 4096, e => e is AlertUnitStatusRecorded);
        var alerts = scene.Host.Alerts;
        var alert = await alerts.BroadcastAsync(new V1.BroadcastRequest
        {
            Targets = new V1.AlertTargets { TalkGroupIds = { "sports" } },
            Signalling = new V1.Signalling { Dtmf = new V1.DtmfSignalling { Digits = "9" } },
            Text = "Fire alarm, north stand",
            AckPolicy = new V1.AckPolicy { Required = true },
        });
        var notified = clock.GetUtcNow();
        await AlertEscalationEndToEndTests.WaitForStateAsync(alerts, alert.Id, V1.AlertState.AwaitingAck);

        // 40 s: engine-1 keys "responding" (*73 + 031 + #) on its radio path: acknowledged and responding.
        clock.Advance(TimeSpan.FromSeconds(40));
        await scene.Console.SendDtmfAsync("*73031#");
        await AlertEscalationEndToEndTests.NextAsync<AlertUnitStatusRecorded>(recorded.Reader, r => r.Unit.Value == "engine-1");

        // 2 min 30 s: engine-1 on scene (*74); 3 min 20 s: patrol-7 types "on scene"; 6 min: command-1 set on scene over gRPC.
        clock.Advance(TimeSpan.FromSeconds(110));
        await scene.Console.SendDtmfAsync("*74031#");
        await AlertEscalationEndToEndTests.NextAsync<AlertUnitStatusRecorded>(recorded.Reader, r => r.Unit.Value == "engine-1" && r.Milestone == UnitAlertMilestone.OnScene);
        clock.Advance(TimeSpan.FromSeconds(50));
        await scene.Patrol7.SendTextAsync(scene.SportsChannel, "on scene");
        await AlertEscalationEndToEndTests.NextAsync<AlertUnitStatusRecorded>(recorded.Reader, r => r.Unit.Value == "patrol-7");
        clock.Advance(TimeSpan.FromSeconds(160));
        var command = await scene.Host.Units.SetStatusAsync(new V1.SetStatusRequest { UnitId = "command-1", Status = "on_scene" });
        Assert.Equal("on_scene", command.Status);
        await AlertEscalationEndToEndTests.NextAsync<AlertUnitStatusRecorded>(recorded.Reader, r => r.Unit.Value == "command-1");

        var board = await AlertEscalationEndToEndTests.GetAsync(alerts, alert.Id);
        var engine = AlertEndToEndTests.Unit(board, "engine-1");
        var patrol = AlertEndToEndTests.Unit(board, "patrol-7");
        var commandUnit = AlertEndToEndTests.Unit(board, "command-1");
        Assert.Equal((notified.AddSeconds(40), V1.AckSource.Dtmf), (engine.AcknowledgedAt.ToDateTimeOffset(), engine.Via));
        Assert.Equal(notified.AddSeconds(40), engine.RespondingAt.ToDateTimeOffset());
        Assert.Equal((notified.AddSeconds(150), 150_000L), (engine.OnSceneAt.ToDateTimeOffset(), engine.ArrivalMs));
        Assert.Equal((notified.AddSeconds(200), V1.AckSource.MumbleText, 200_000L), (patrol.AcknowledgedAt.ToDateTimeOffset(), patrol.Via, patrol.ArrivalMs));
        Assert.Equal((V1.AckSource.Grpc, 360_000L), (commandUnit.Via, commandUnit.ArrivalMs));
        Assert.Equal(V1.AlertState.Completed, board.State);
        Assert.Equal((3, 1, 3, 1, 2), (board.Counts.Acknowledged, board.Counts.Within1Minute, board.Counts.OnScene, board.Counts.OnSceneWithin3Minutes, board.Counts.OnSceneWithin5Minutes));

        // The status itself is on the unit, with its source.
        var unit = await scene.Host.Units.GetUnitAsync(new V1.GetUnitRequest { UnitId = "engine-1" });
        Assert.Equal(("on_scene", "dtmf:console-a"), (unit.Status, unit.StatusSource));
    }

    private static async Task<V1.Event> ExpectRaisedAsync(
        AsyncServerStreamingCall<V1.Event> events, System.Threading.Channels.ChannelReader<GatewayEvent> bus, MonitorTap monitor, string unit, string source, int tones, CancellationToken ct)
    {
        Assert.True(await events.ResponseStream.MoveNext(ct), "the Events stream ended");
        var raised = events.ResponseStream.Current;
        Assert.Equal((V1.EmergencyEventType.Raised, unit, source, "sports"), (raised.Emergency.Type, raised.Emergency.UnitId, raised.Emergency.Source, raised.TalkGroupId));
        await AlertEscalationEndToEndTests.NextAsync<EmergencyRaised>(bus, e => e.Unit.Value == unit);

        // The dispatcher's monitor plays the whole emergency tone (audible, ended), one more each time.
        var frames = await Poll.UntilAsync(
            () => Task.FromResult(monitor.Snapshot()),
            f => f.Count(x => x.AlertTone == "emergency" && x.EndOfTransmission) >= tones,
            Timeout,
            $"emergency tone {tones} on the Monitor stream");
        var tone = frames.Where(f => f.AlertTone == "emergency").ToList();
        Assert.Equal(tones, tone.Count(f => f.StartOfTransmission));
        Assert.True(TestAudio.LoudShare(Pcm(tone.TakeLast(tone.Count / tones)), -30) > 0.5, "the monitor tone is audible");
        return raised;
    }

    private static async Task ExpectPreemptionAsync(System.Threading.Channels.ChannelReader<GatewayEvent> bus, DispatcherTalk dispatcher, Func<FloorGranted, bool> unitGrant, CancellationToken ct)
    {
        // The arbiter revokes the holder and grants the newcomer in one step: take both, in whichever order they come.
        FloorGranted? granted = null;
        FloorRevoked? revoked = null;
        while (granted is null || revoked is null)
        {
            var next = await AlertEscalationEndToEndTests.NextAsync<GatewayEvent>(bus, e => e is FloorGranted or FloorRevoked);
            granted ??= next is FloorGranted g && unitGrant(g) ? g : null;
            revoked ??= next is FloorRevoked r && r.Grant.Talker.Endpoint == dispatcher.Endpoint ? r : null;
        }

        Assert.Equal(Priority.Emergency, granted.Grant.Priority);
        Assert.Equal(TransmissionEndReason.PreEmpted, revoked.Reason);
        Assert.Equal(V1.TalkResponse.MessageOneofCase.Revoked, (await dispatcher.NextAsync(ct)).MessageCase);
    }

    private static async Task SendMumbleVoiceAsync(PagingScene scene, double seconds)
    {
        using var encoder = scene.Codecs.CreateEncoder(CodecProfile.Opus());
        var audio = TestAudio.Tone(523, seconds);
        var opus = new byte[AudioFormat.MaxPacketBytes];
        var frames = audio.Length / AudioFormat.FrameSamples;
        for (var i = 0; i < frames; i++)
        {
            var length = encoder.Encode(audio.AsSpan(i * AudioFormat.FrameSamples, AudioFormat.FrameSamples), opus);
            await scene.Patrol7.SendOpusAsync(opus.AsSpan(0, length), terminator: i == frames - 1);
            await Task.Delay(AudioFormat.FrameDuration); // a handset sends in real time
        }
    }

    private static float[] Pcm(IEnumerable<V1.MonitorAudio> frames) =>
        [.. frames.SelectMany(f => Enumerable.Range(0, f.Data.Length / 2).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(f.Data.Span[(2 * i)..]) / 32768f))];

    /// <summary>A gRPC Talk stream (the dispatcher console) held open until disposed.</summary>
    private sealed class DispatcherTalk : IAsyncDisposable
    {
        private readonly AsyncDuplexStreamingCall<V1.TalkRequest, V1.TalkResponse> _call;

        private DispatcherTalk(AsyncDuplexStreamingCall<V1.TalkRequest, V1.TalkResponse> call, Gateway.Core.Identity.EndpointId endpoint)
        {
            _call = call;
            Endpoint = endpoint;
        }

        public Gateway.Core.Identity.EndpointId Endpoint { get; }

        public static async Task<DispatcherTalk> StartAsync(GatewayHostFixture host, CancellationToken ct, V1.Priority priority = V1.Priority.Dispatcher, string? unit = null)
        {
            if (priority == V1.Priority.Dispatcher)
            {
                // The previous talker's transmission (and the group's hang) must be over: the dispatcher takes a free floor.
                var switchboard = host.Services.GetRequiredService<Gateway.Core.ISwitchboard>();
                await Poll.UntilAsync(() => Task.FromResult(switchboard.GetFloorStatus(new Gateway.Core.Identity.TalkGroupId("sports")).Phase), p => p == FloorPhase.Idle, Timeout, "a free floor");
            }

            var call = host.Calls.Talk(cancellationToken: ct);
            try
            {
                await call.RequestStream.WriteAsync(new V1.TalkRequest
                {
                    Start = new V1.TalkStart { TalkGroupId = "sports", Priority = priority, DisplayName = unit ?? "dispatch", Format = V1.AudioFormat.Pcm1648K, UnitId = unit ?? string.Empty },
                }, ct);
                Assert.True(await call.ResponseStream.MoveNext(ct));
                var first = call.ResponseStream.Current;
                Assert.Equal(V1.TalkResponse.MessageOneofCase.Granted, first.MessageCase);
                return new DispatcherTalk(call, new Gateway.Core.Identity.EndpointId(first.Granted.EndpointId));
            }
            catch
            {
                // An open Talk stream would hold the host's shutdown.
                call.Dispose();
                throw;
            }
        }

        public async Task<V1.TalkResponse> NextAsync(CancellationToken ct)
        {
            Assert.True(await _call.ResponseStream.MoveNext(ct), "the Talk stream ended early");
            return _call.ResponseStream.Current;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _call.RequestStream.CompleteAsync();
            }
            catch (InvalidOperationException)
            {
            }

            _call.Dispose();
        }
    }

    /// <summary>A dispatcher's Monitor stream on one group, read in the background.</summary>
    private sealed class MonitorTap : IAsyncDisposable
    {
        private readonly AsyncServerStreamingCall<V1.MonitorResponse> _call;
        private readonly List<V1.MonitorAudio> _frames = [];
        private readonly CancellationTokenSource _stop;
        private readonly Task _reader;
        private bool _disposed;

        private MonitorTap(AsyncServerStreamingCall<V1.MonitorResponse> call, CancellationTokenSource stop)
        {
            _call = call;
            _stop = stop;
            _reader = Task.Run(ReadAsync);
        }

        public static async Task<MonitorTap> StartAsync(GatewayHostFixture host, string group, CancellationToken ct)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var call = host.Calls.Monitor(new V1.MonitorRequest { TalkGroupIds = { group }, Format = V1.AudioFormat.Pcm1648K }, cancellationToken: stop.Token);
            await Poll.UntilAsync(
                async () => (await host.Units.ListEndpointsAsync(new V1.ListEndpointsRequest { TalkGroupId = group }, cancellationToken: ct)).Endpoints,
                e => e.Any(x => x.Id.StartsWith("grpc-monitor-", StringComparison.Ordinal)),
                Timeout,
                "the monitor attached");
            return new MonitorTap(call, stop);
        }

        public IReadOnlyList<V1.MonitorAudio> Snapshot()
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _stop.CancelAsync();
            try
            {
                await _reader;
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException)
            {
            }

            _call.Dispose();
            _stop.Dispose();
        }

        private async Task ReadAsync()
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token))
            {
                if (_call.ResponseStream.Current.Audio is { } audio)
                {
                    lock (_frames)
                    {
                        _frames.Add(audio);
                    }
                }
            }
        }
    }
}

/// <summary>
/// These scenes (murmurd, RTP peers, real-time tones) run on their own, after the parallel tests: on a 2-core CI machine
/// they would otherwise compete with the other end-to-end tests' real-time audio analysis.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EmergencyEndToEndCollection
{
    public const string Name = "emergency-end-to-end";
}

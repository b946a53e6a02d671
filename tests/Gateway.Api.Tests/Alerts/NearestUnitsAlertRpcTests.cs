using Gateway.Api.Errors;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using FrameFormat = Gateway.Audio.AudioFormat;
using Gateway.Audio.Codecs;
using Gateway.Audio.Tones;
using Gateway.Core.Endpoints;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Alerts;

/// <summary>
/// A nearest-units page end to end through gRPC, the real alert engine and switchboard: units report positions at known
/// distances from an incident (one of them stale, one off duty, one beyond the count); exactly the expected units'
/// terminals hear the page, through a temporary talk group that ListTalkGroups shows while the alert is open and no
/// longer shows once it has ended. Own server: positions and units are global state.
/// </summary>
public sealed class NearestUnitsAlertRpcTests : IClassFixture<GatewayServer>
{
    private const double Lat = 23.1375;
    private const double Lon = 113.3245;
    private static readonly Metadata Dispatcher = GatewayServer.Bearer(GatewayServer.DispatcherKey);
    private static readonly Metadata Observer = GatewayServer.Bearer(GatewayServer.ObserverKey);
    private readonly GatewayServer _server;

    public NearestUnitsAlertRpcTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Broadcast_Nearest_ExactlyTheExpectedTerminalsHearItThroughATemporaryGroup()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        var terminals = await FieldAsync("e2e", Lon, ct);
        var request = new BroadcastRequest
        {
            Targets = new AlertTargets { Nearest = new NearestUnitsTarget { Latitude = Lat, Longitude = Lon, RadiusM = 1000, Count = 2 } },
            Signalling = new Signalling { Dtmf = new DtmfSignalling { Digits = "73" } },
            Text = "Fire alarm, hall B",
            AckPolicy = new AckPolicy { Required = true, DeadlineSeconds = 300 },
        };

        var alert = await _server.Alerts.BroadcastAsync(request, Dispatcher, cancellationToken: ct);

        Assert.Equal(["e2e-near", "e2e-mid"], alert.Units.Select(u => u.UnitId));
        Assert.Equal(["e2e-near", "e2e-mid"], alert.Regroup.Units.Select(u => u.UnitId));
        Assert.Equal([150.0, 600.0], alert.Regroup.Units.Select(u => Math.Round(u.DistanceM, 3)));
        Assert.Equal(["e2e-near-radio"], alert.Regroup.Units[0].EndpointIds);
        Assert.True(alert.Regroup.Active);
        Assert.Equal(1000, alert.Request.Targets.Nearest.RadiusM);
        var group = alert.Regroup.TalkGroupId;
        Assert.StartsWith("regroup-alert-", group, StringComparison.Ordinal);

        var listed = (await _server.TalkGroups.ListTalkGroupsAsync(new ListTalkGroupsRequest(), Observer, cancellationToken: ct)).TalkGroups.Single(g => g.Id == group);
        Assert.Contains("e2e-near-radio", listed.EndpointIds);
        Assert.Contains("e2e-mid-radio", listed.EndpointIds);

        await TestWait.UntilAsync(async () => (await Get(alert.Id, ct)).State == AlertState.AwaitingAck ? new object() : null, ct);
        foreach (var heard in new[] { "e2e-near-radio", "e2e-mid-radio" })
        {
            var frames = Frames(terminals[heard]);
            Assert.All(frames, f => Assert.Equal(group, f.TalkGroup.Value));
            Assert.Equal("73", DetectDtmf(frames));
        }

        foreach (var quiet in new[] { "e2e-far-radio", "e2e-stale-radio", "e2e-off-radio", "e2e-console" })
        {
            Assert.True(terminals[quiet].Delivered == 0, quiet + " must not hear the nearest-units page");
        }

        await _server.Alerts.AcknowledgeAsync(new AcknowledgeRequest { AlertId = alert.Id, UnitId = "e2e-near" }, Dispatcher, cancellationToken: ct);
        await _server.Alerts.AcknowledgeAsync(new AcknowledgeRequest { AlertId = alert.Id, UnitId = "e2e-mid" }, Dispatcher, cancellationToken: ct);

        var ended = await Get(alert.Id, ct);
        Assert.Equal(AlertState.Completed, ended.State);
        Assert.False(ended.Regroup.Active);
        Assert.Equal(["e2e-near", "e2e-mid"], ended.Regroup.Units.Select(u => u.UnitId));
        var groups = await _server.TalkGroups.ListTalkGroupsAsync(new ListTalkGroupsRequest(), Observer, cancellationToken: ct);
        Assert.DoesNotContain(groups.TalkGroups, g => g.Id == group);
        var radio = (await _server.Units.ListEndpointsAsync(new ListEndpointsRequest(), Observer, cancellationToken: ct)).Endpoints.Single(e => e.Id == "e2e-near-radio");
        Assert.Equal(["bravo"], radio.TalkGroupIds);
    }

    [Fact]
    public async Task CancelAlert_Nearest_TemporaryGroupGone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        // Its own incident one degree east (about 100 km), so the units of the other tests are far away.
        await FieldAsync("cx", Lon + 1, ct);
        var request = Nearest(count: 5);
        request.Targets.Nearest.Longitude = Lon + 1;
        var alert = await _server.Alerts.BroadcastAsync(request, Dispatcher, cancellationToken: ct);
        Assert.Equal(["cx-near"], alert.Regroup.Units.Select(u => u.UnitId));
        Assert.Contains((await _server.TalkGroups.ListTalkGroupsAsync(new ListTalkGroupsRequest(), Observer, cancellationToken: ct)).TalkGroups, g => g.Id == alert.Regroup.TalkGroupId);

        // The temporary group is the alert's: it cannot be changed, deleted or created through TalkGroups.
        var admin = GatewayServer.Bearer(GatewayServer.AdminKey);
        var update = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.UpdateTalkGroupAsync(new UpdateTalkGroupRequest { TalkGroupId = alert.Regroup.TalkGroupId, Name = "mine" }, admin, cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, update.StatusCode);
        var delete = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = alert.Regroup.TalkGroupId }, admin, cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, delete.StatusCode);
        var create = await Assert.ThrowsAsync<RpcException>(() => _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "regroup-mine" }, admin, cancellationToken: ct).ResponseAsync);
        Assert.Equal("id", create.Trailers.GetValue(ApiErrors.FieldTrailer));

        var cancelled = await _server.Alerts.CancelAlertAsync(new CancelAlertRequest { AlertId = alert.Id, Reason = "false alarm" }, Dispatcher, cancellationToken: ct);

        Assert.Equal(AlertState.Cancelled, cancelled.State);
        Assert.DoesNotContain((await _server.TalkGroups.ListTalkGroupsAsync(new ListTalkGroupsRequest(), Observer, cancellationToken: ct)).TalkGroups, g => g.Id == alert.Regroup.TalkGroupId);
    }

    [Fact]
    public async Task Broadcast_NearestNobodyThere_FailedPreconditionSaysWhy()
    {
        var request = Nearest(count: 3);
        request.Targets.Nearest.Latitude = -33.8568;
        request.Targets.Nearest.Longitude = 151.2153;

        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Alerts.BroadcastAsync(request, Dispatcher).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("no on-duty unit with a current position", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("within 500 m", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 500, 0, "targets.nearest.count")]
    [InlineData(0, -1, 1, "targets.nearest.radius_m")]
    [InlineData(95, 500, 1, "targets.nearest.latitude")]
    public async Task Broadcast_BadNearest_InvalidArgumentNamesField(double latitude, double radius, int count, string field)
    {
        var request = new BroadcastRequest { Targets = new AlertTargets { Nearest = new NearestUnitsTarget { Latitude = latitude, Longitude = Lon, RadiusM = radius, Count = count } } };
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Alerts.BroadcastAsync(request, Dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(field, ex.Trailers.GetValue(ApiErrors.FieldTrailer));
    }

    [Fact]
    public async Task Broadcast_NearestWithGroupLimitedKey_PermissionDenied()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Alerts.BroadcastAsync(Nearest(count: 1), GatewayServer.Bearer(GatewayServer.NorthOnlyKey)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    private static BroadcastRequest Nearest(int count) => new()
    {
        Targets = new AlertTargets { Nearest = new NearestUnitsTarget { Latitude = Lat, Longitude = Lon, RadiusM = 500, Count = count } },
        Signalling = new Signalling { Dtmf = new DtmfSignalling { Digits = "1" } },
        AckPolicy = new AckPolicy { Required = true },
    };

    /// <summary>
    /// Units of <c>bravo</c> with a radio each, north of the incident: near 150 m, mid 600 m, far 900 m (beyond a count of 2),
    /// stale 50 m (fix 10 minutes old), off 80 m (off duty); plus a bravo console that belongs to no unit.
    /// </summary>
    private async Task<Dictionary<string, InMemoryEndpoint>> FieldAsync(string prefix, double longitude, CancellationToken ct)
    {
        var units = _server.Services.GetRequiredService<IUnitDirectory>();
        var terminals = new Dictionary<string, InMemoryEndpoint>();
        var console = new InMemoryEndpoint(new EndpointId(prefix + "-console"), CodecProfile.Pcm48k);
        _server.Switchboard.Attach(console, new TalkGroupId("bravo"));
        terminals[console.Id.Value] = console;
        foreach (var (name, metres, onDuty, ageSeconds) in new[] { ("near", 150.0, true, 0), ("mid", 600.0, true, 30), ("far", 900.0, true, 0), ("stale", 50.0, true, 600), ("off", 80.0, false, 0) })
        {
            var unit = new UnitId($"{prefix}-{name}");
            units.Upsert(new UnitSettings(unit, unit.Value, [new TalkGroupId("bravo")], null, null, null));
            var radio = new InMemoryEndpoint(new EndpointId($"{prefix}-{name}-radio"), CodecProfile.Pcm48k);
            _server.Switchboard.Attach(radio, new TalkGroupId("bravo"));
            units.ReportPresence(unit, radio.Id, online: true);
            terminals[radio.Id.Value] = radio;

            var latitude = Lat + (metres / (Core.Positions.GreatCircle.EarthRadiusMetres * Math.PI / 180));
            var time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-ageSeconds));
            await _server.Units.ReportPositionAsync(new ReportPositionRequest { UnitId = unit.Value, Latitude = latitude, Longitude = longitude, AccuracyM = 5, Time = time }, Dispatcher, cancellationToken: ct);
            if (onDuty)
            {
                await _server.Units.CheckInAsync(new CheckInRequest { UnitId = unit.Value }, Dispatcher, cancellationToken: ct);
            }
        }

        return terminals;
    }

    private async Task<Alert> Get(string id, CancellationToken ct) =>
        await _server.Alerts.GetAlertAsync(new GetAlertRequest { AlertId = id }, Observer, cancellationToken: ct);

    private static List<ReceivedFrame> Frames(InMemoryEndpoint endpoint)
    {
        var frames = new List<ReceivedFrame>();
        while (endpoint.Frames.TryRead(out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }

    private static string DetectDtmf(List<ReceivedFrame> frames)
    {
        var audio = frames.Where(f => f.Pcm is not null).SelectMany(f => f.Pcm!).ToArray();
        var detector = new DtmfDetector();
        Span<char> digits = stackalloc char[8];
        var result = new System.Text.StringBuilder();
        for (var offset = 0; offset + FrameFormat.FrameSamples <= audio.Length; offset += FrameFormat.FrameSamples)
        {
            var n = detector.Process(audio.AsSpan(offset, FrameFormat.FrameSamples), digits);
            result.Append(digits[..n]);
        }

        return result.ToString();
    }
}

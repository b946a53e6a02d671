using Gateway.Api.Errors;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Tests.Shared;
using Grpc.Core;

namespace Gateway.Api.Tests.Alerts;

/// <summary>gateway.v1.Alerts through the real gRPC stack and the real alert engine.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class AlertsRpcTests
{
    private static readonly Metadata Dispatcher = GatewayServer.Bearer(GatewayServer.DispatcherKey);
    private static readonly Metadata Observer = GatewayServer.Bearer(GatewayServer.ObserverKey);
    private readonly GatewayServer _server;

    public AlertsRpcTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Broadcast_ThenAcknowledge_GetAlertShowsBoard()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var request = new BroadcastRequest
        {
            Targets = new AlertTargets { TalkGroupIds = { "alpha" } },
            Signalling = new Signalling { Dtmf = new DtmfSignalling { Digits = "5" } },
            Text = "Fire alarm hall B",
            AckPolicy = new AckPolicy { Required = true, Preset = "1-3-5" },
        };
        var alert = await _server.Alerts.BroadcastAsync(request, Dispatcher, cancellationToken: timeout.Token);
        Assert.StartsWith("alert-", alert.Id, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(alert.CreatedBy)); // the API key name (or "anonymous" when auth is off)
        Assert.Equal(["patrol-3"], alert.Units.Select(u => u.UnitId));
        Assert.Equal(3, alert.Request.AckPolicy.Steps.Count);

        await TestWait.UntilAsync(async () =>
        {
            var a = await _server.Alerts.GetAlertAsync(new GetAlertRequest { AlertId = alert.Id }, Observer, cancellationToken: timeout.Token);
            return a.State == AlertState.AwaitingAck ? a : null;
        }, timeout.Token);

        var ack = await _server.Alerts.AcknowledgeAsync(new AcknowledgeRequest { AlertId = alert.Id, UnitId = "patrol-3" }, Dispatcher, cancellationToken: timeout.Token);
        Assert.True(ack.First);
        Assert.Equal(AckSource.Grpc, ack.Status.Via);
        var again = await _server.Alerts.AcknowledgeAsync(new AcknowledgeRequest { AlertId = alert.Id, UnitId = "patrol-3" }, Dispatcher, cancellationToken: timeout.Token);
        Assert.False(again.First);
        Assert.Equal(ack.Status.AcknowledgedAt, again.Status.AcknowledgedAt);

        var board = await _server.Alerts.GetAlertAsync(new GetAlertRequest { AlertId = alert.Id }, Observer, cancellationToken: timeout.Token);
        Assert.Equal(AlertState.Completed, board.State);
        Assert.NotNull(board.EndedAt);
        var unit = Assert.Single(board.Units);
        Assert.Equal((1, AckSource.Grpc), (unit.DuplicateAcks, unit.Via));
        Assert.Equal((long)(unit.AcknowledgedAt.ToDateTimeOffset() - unit.NotifiedAt.ToDateTimeOffset()).TotalMilliseconds, unit.ResponseMs);
        Assert.Equal((1, 1, 1, 1, 1, 0), (board.Counts.Targeted, board.Counts.Acknowledged, board.Counts.Within1Minute, board.Counts.Within3Minutes, board.Counts.Within5Minutes, board.Counts.Outstanding));

        var list = await _server.Alerts.ListAlertsAsync(new ListAlertsRequest { State = AlertState.Completed }, Observer, cancellationToken: timeout.Token);
        Assert.Contains(list.Alerts, a => a.Id == alert.Id);
    }

    [Fact]
    public async Task Broadcast_UnknownGroup_InvalidArgumentNamesField()
    {
        var request = new BroadcastRequest { Targets = new AlertTargets { TalkGroupIds = { "atlantis" } } };
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Alerts.BroadcastAsync(request, Dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("targets.talk_group_ids", ex.Trailers.GetValue(ApiErrors.FieldTrailer));

        var preset = new BroadcastRequest { Targets = new AlertTargets { TalkGroupIds = { "alpha" } }, AckPolicy = new AckPolicy { Required = true, Preset = "9-9-9" } };
        var bad = await Assert.ThrowsAsync<RpcException>(() => _server.Alerts.BroadcastAsync(preset, Dispatcher).ResponseAsync);
        Assert.Equal("ack_policy.preset", bad.Trailers.GetValue(ApiErrors.FieldTrailer));
    }

    [Fact]
    public async Task Acknowledge_UnknownAlertOrUntargetedUnit_RejectedWithReason()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => _server.Alerts.AcknowledgeAsync(new AcknowledgeRequest { AlertId = "alert-none", UnitId = "patrol-3" }, Dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        var alert = await _server.Alerts.BroadcastAsync(new BroadcastRequest { Targets = new AlertTargets { TalkGroupIds = { "alpha" } } }, Dispatcher);
        var stranger = await Assert.ThrowsAsync<RpcException>(() => _server.Alerts.AcknowledgeAsync(new AcknowledgeRequest { AlertId = alert.Id, UnitId = "north-1" }, Dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, stranger.StatusCode);
        Assert.Contains("north-1", stranger.Status.Detail, StringComparison.Ordinal);

        var cancelled = await _server.Alerts.CancelAlertAsync(new CancelAlertRequest { AlertId = alert.Id, Reason = "false alarm" }, Dispatcher);
        Assert.Equal(AlertState.Cancelled, cancelled.State);
    }

    [Fact]
    public async Task Broadcast_TextToSpeech_PlaysThroughEspeak()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        RequiredTool.Find("espeak-ng");
        var request = new BroadcastRequest
        {
            Targets = new AlertTargets { UnitIds = { "north-1" } },
            Voice = new AlertVoice { Tts = new TextToSpeech { Text = "Go", Voice = "en" } },
            AckPolicy = new AckPolicy { Required = false },
        };
        var alert = await _server.Alerts.BroadcastAsync(request, Dispatcher, cancellationToken: timeout.Token);
        var done = await TestWait.UntilAsync(async () =>
        {
            var a = await _server.Alerts.GetAlertAsync(new GetAlertRequest { AlertId = alert.Id }, Observer, cancellationToken: timeout.Token);
            return a.State == AlertState.Completed ? a : null;
        }, timeout.Token);
        Assert.Equal(["north-1"], done.Units.Select(u => u.UnitId));
        Assert.Equal("Go", done.Request.Voice.Tts.Text);
    }
}

using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;
using Gateway.Storage.Alerts;
using Gateway.Storage.Sqlite;
using Gateway.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Storage.Tests.Alerts;

public sealed class StorageAlertStoreTests : IDisposable
{
    private readonly StorageFixture _storage = new();
    private readonly GatewayMetrics _metrics = new();
    private readonly EventBus _bus;
    private readonly Switchboard _switchboard;
    private readonly UnitDirectory _units;

    public StorageAlertStoreTests()
    {
        _bus = new EventBus(_metrics);
        _switchboard = new Switchboard(new CodecFactory(), _bus, _metrics, _storage.Time);
        _switchboard.UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId("north"), "North"));
        _units = new UnitDirectory(_bus, _storage.Time);
        _units.Upsert(new UnitSettings(new UnitId("n1"), "North 1", [new TalkGroupId("north")], null, null, "031"));
        _units.Upsert(new UnitSettings(new UnitId("n2"), "North 2", [new TalkGroupId("north")], null, null, "032"));
    }

    [Fact]
    public async Task Restart_RealSqliteFile_AlertKeepsBoardAndResumesLadder()
    {
        var first = Engine(new StorageAlertStore(_storage.Alerts, _storage.Time));
        await first.StartAsync(CancellationToken.None);
        var request = new AlertRequest(new AlertTargets(["north"], [], false), Priority.Alert, AlertSignalling.None, new AlertVoice([1, 0, 2, 0]), "fire", 0, true, null,
            AlertEngine.OneThreeFive([], []));
        var alert = await first.BroadcastAsync(request, "dispatch");
        // The one-frame voice is paced on the fake clock: let 20 ms pass until it has played.
        Assert.True(SpinWait.SpinUntil(
            () =>
            {
                if (first.Get(alert.Id)?.State == AlertState.AwaitingAck)
                {
                    return true;
                }

                _storage.Time.Advance(TimeSpan.FromMilliseconds(20));
                return SpinWait.SpinUntil(() => first.Get(alert.Id)?.State == AlertState.AwaitingAck, 5);
            },
            10_000));
        var armed = first.Get(alert.Id)!.ArmedAt!.Value;
        _storage.Time.Advance(TimeSpan.FromSeconds(20));
        first.Acknowledge(alert.Id, new UnitId("n2"), AckSource.Dtmf);
        first.Acknowledge(alert.Id, new UnitId("n2"), AckSource.Grpc);
        await first.StopAsync(CancellationToken.None);

        // A new process: a new database object on the same file.
        var reopened = new SqliteAlertRepository(new SqliteDatabase(_storage.ConnectionString, _storage.Time, NullLogger.Instance));
        var second = Engine(new StorageAlertStore(reopened, _storage.Time));
        using var events = _bus.Subscribe("test", 1000, e => e is AlertEscalated);
        await second.StartAsync(CancellationToken.None);
        var resumed = second.Get(alert.Id)!;
        Assert.Equal((AlertState.AwaitingAck, armed, "dispatch"), (resumed.State, resumed.ArmedAt!.Value, resumed.CreatedBy));
        Assert.Equal(request.Voice!.Pcm16, resumed.Request.Voice!.Pcm16);
        Assert.Equal(request.Escalation, resumed.Request.Escalation, (a, b) => a.After == b.After && a.Action == b.Action);
        var n2 = resumed.Units.Single(u => u.Unit == new UnitId("n2"));
        Assert.Equal((armed + TimeSpan.FromSeconds(20), AckSource.Dtmf, 1), (n2.AcknowledgedAt!.Value, n2.Via!.Value, n2.DuplicateAcks));
        Assert.Equal(1, await _storage.ScalarAsync<long>($"SELECT COUNT(*) FROM alert_units WHERE alert_id = '{alert.Id}' AND status = 'acknowledged'"));

        _storage.Time.Advance(TimeSpan.FromSeconds(40) - TimeSpan.FromMilliseconds(1));
        Assert.False(events.Reader.TryRead(out _));
        _storage.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(events.Reader.TryRead(out var escalated));
        Assert.Equal(armed + TimeSpan.FromSeconds(60), escalated.Time);

        second.Acknowledge(alert.Id, new UnitId("n1"), AckSource.Grpc);
        await second.StopAsync(CancellationToken.None);
        Assert.Equal("completed", await _storage.ScalarAsync<string>($"SELECT state FROM alerts WHERE id = '{alert.Id}'"));
        Assert.Empty(await new StorageAlertStore(reopened, _storage.Time).LoadOpenAsync());
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    public void Dispose()
    {
        _switchboard.Dispose();
        _metrics.Dispose();
        _storage.Dispose();
    }

    private AlertEngine Engine(IAlertStore store) =>
        new(_switchboard, _units, _bus, store, _storage.Time, Options.Create(new AlertOptions()), NullLogger<AlertEngine>.Instance);
}

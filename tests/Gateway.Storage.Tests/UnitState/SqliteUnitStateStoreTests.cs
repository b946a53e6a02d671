using Gateway.Core.Alerts;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.UnitState;
using Gateway.Storage.Alerts;
using Gateway.Storage.Migrations;
using Gateway.Storage.Sqlite;
using Gateway.Storage.Tests.Support;
using Gateway.Storage.UnitState;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Storage.Tests.UnitState;

public sealed class SqliteUnitStateStoreTests : IDisposable
{
    private readonly StorageFixture _storage = new();

    [Fact]
    public async Task LoadAsync_NewDatabaseObjectOnTheSameFile_ReturnsStatusAndOpenEmergency()
    {
        var at = _storage.Time.GetUtcNow();
        var emergency = new UnitEmergency(new UnitId("n1"), new TalkGroupId("north"), at, "dtmf:rtp-1", "gate 3", 23.125, 113.25, new EndpointId("rtp-1"), PriorityPending: true);
        var status = new UnitStatus("responding", at.AddSeconds(5), "text:mumble:poc:Tianhe", "2 min out");
        await Store(_storage.Database).SaveAsync(new UnitStateRecord(new UnitId("n1"), status, emergency));
        await Store(_storage.Database).SaveAsync(new UnitStateRecord(new UnitId("n2"), new UnitStatus("on_post", at, "grpc:dispatch", null), null));

        var loaded = await Store(Reopen()).LoadAsync();

        Assert.Equal(2, loaded.Count);
        Assert.Equal(new UnitStateRecord(new UnitId("n1"), status, emergency), loaded[0]);
        Assert.Equal("on_post", loaded[1].Status!.Name);
        Assert.Null(loaded[1].Emergency);
    }

    [Fact]
    public async Task SaveAsync_EmergencyCleared_KeepsTheStatusAndDropsTheEmergency()
    {
        var at = _storage.Time.GetUtcNow();
        var unit = new UnitId("n1");
        var status = new UnitStatus("on_scene", at, "grpc:dispatch", null);
        var store = Store(_storage.Database);
        await store.SaveAsync(new UnitStateRecord(unit, status, new UnitEmergency(unit, new TalkGroupId("north"), at, "grpc:dispatch", null, null, null, null, false)));

        await store.SaveAsync(new UnitStateRecord(unit, status, null));

        Assert.Equal(new UnitStateRecord(unit, status, null), Assert.Single(await store.LoadAsync()));
        Assert.Equal(0L, await _storage.ScalarAsync<long>("SELECT COUNT(*) FROM unit_states WHERE emergency_at IS NOT NULL;"));
    }

    [Fact]
    public async Task SaveAsync_NothingLeftToKeep_LoadsNothing()
    {
        var store = Store(_storage.Database);
        await store.SaveAsync(new UnitStateRecord(new UnitId("n1"), null, null));

        Assert.Empty(await store.LoadAsync());
    }

    [Fact]
    public async Task EnsureReady_Version1Database_UpgradesToUnitStates()
    {
        using var old = new StorageFixture(SqliteSchema.Migrations.Where(m => m.Version == 1).ToList());
        Assert.Equal(1, await old.Database.EnsureReadyAsync(CancellationToken.None));

        var upgraded = new SqliteDatabase(old.ConnectionString, old.Time, NullLogger.Instance);
        Assert.True(await upgraded.EnsureReadyAsync(CancellationToken.None) >= 2);
        await Store(upgraded).SaveAsync(new UnitStateRecord(new UnitId("n1"), new UnitStatus("available", old.Time.GetUtcNow(), "grpc:x", null), null));

        Assert.Equal("available", Assert.Single(await Store(upgraded).LoadAsync()).Status!.Name);
    }

    [Fact]
    public async Task StorageAlertStore_RespondingAndOnSceneTimes_SurviveTheRoundTrip()
    {
        var created = _storage.Time.GetUtcNow();
        var unit = new UnitAlertStatus(new UnitId("n1"), created, created.AddSeconds(30), AckSource.Dtmf, null, 0)
        {
            RespondingAt = created.AddSeconds(30),
            OnSceneAt = created.AddMinutes(4),
        };
        var alert = new AlertSnapshot("alert-1", AlertState.AwaitingAck, new AlertRequest(new AlertTargets(["north"], [], false), Priority.Alert, AlertSignalling.None, null, "fire", 0, true, null, []),
            created, created, null, "dispatch", [unit, new UnitAlertStatus(new UnitId("n2"), created, null, null, null, 0)], 0, null);
        await new StorageAlertStore(_storage.Alerts, _storage.Time).SaveAsync(alert);

        var loaded = await new StorageAlertStore(new SqliteAlertRepository(Reopen()), _storage.Time).GetAsync("alert-1");

        Assert.Equal(unit, loaded!.Units[0]);
        Assert.Equal(TimeSpan.FromMinutes(4), loaded.Units[0].ArrivalTime);
        Assert.Null(loaded.Units[1].OnSceneAt);
        Assert.Equal((1, 0, 1), (loaded.Counts.OnScene, loaded.Counts.OnSceneWithin3Minutes, loaded.Counts.OnSceneWithin5Minutes));
        Assert.Equal(created.AddMinutes(4).ToUnixTimeMilliseconds(), await _storage.ScalarAsync<long>("SELECT on_scene_at FROM alert_units WHERE unit_id = 'n1';"));
    }

    public void Dispose() => _storage.Dispose();

    private static SqliteUnitStateStore Store(SqliteDatabase database) => new(database, TimeProvider.System);

    private SqliteDatabase Reopen() => new(_storage.ConnectionString, _storage.Time, NullLogger.Instance);
}

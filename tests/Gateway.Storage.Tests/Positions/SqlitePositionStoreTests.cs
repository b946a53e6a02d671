using Gateway.Core.Alerts;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Positions;
using Gateway.Storage.Alerts;
using Gateway.Storage.Positions;
using Gateway.Storage.Sqlite;
using Gateway.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Storage.Tests.Positions;

public sealed class SqlitePositionStoreTests : IDisposable
{
    private readonly StorageFixture _storage = new();

    [Fact]
    public async Task SaveLoad_RealSqliteFile_RoundTripsEveryField()
    {
        var now = _storage.Time.GetUtcNow();
        var position = new UnitPosition(new UnitId("patrol-3"), new GeoPoint(23.137512, -113.324498), 7.25, now.AddSeconds(-3), now, "grpc:dispatch");
        await new SqlitePositionStore(_storage.Database).SaveAsync(position);

        // A new process: a new database object on the same file.
        var loaded = await new SqlitePositionStore(new SqliteDatabase(_storage.ConnectionString, _storage.Time, NullLogger.Instance)).LoadAsync();

        Assert.Equal(position, Assert.Single(loaded));
        Assert.Equal(23.137512, await _storage.ScalarAsync<double>("SELECT latitude FROM unit_positions WHERE unit_id = 'patrol-3'"));
    }

    [Fact]
    public async Task Save_NewerThenOlderFix_RowKeepsTheNewest()
    {
        var store = new SqlitePositionStore(_storage.Database);
        var now = _storage.Time.GetUtcNow();
        await store.SaveAsync(new UnitPosition(new UnitId("p1"), new GeoPoint(1, 1), 5, now, now, "a"));
        await store.SaveAsync(new UnitPosition(new UnitId("p1"), new GeoPoint(2, 2), 5, now.AddSeconds(10), now, "b"));
        await store.SaveAsync(new UnitPosition(new UnitId("p1"), new GeoPoint(3, 3), 5, now.AddSeconds(5), now, "c"));
        await store.SaveAsync(new UnitPosition(new UnitId("p2"), new GeoPoint(4, 4), 5, now, now, "d"));

        var loaded = await store.LoadAsync();

        Assert.Equal([("p1", 2.0), ("p2", 4.0)], loaded.Select(p => (p.Unit.Value, p.Point.Latitude)));
    }

    [Fact]
    public async Task Migrate_NewDatabase_VersionThreeCreatesThePositionTable()
    {
        await _storage.Database.EnsureReadyAsync(CancellationToken.None);
        Assert.Equal(1, await _storage.ScalarAsync<long>("SELECT COUNT(*) FROM schema_version WHERE version = 3"));
        Assert.Equal(1, await _storage.ScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'unit_positions'"));
    }

    [Fact]
    public async Task AlertStore_NearestUnitsAlert_ResolutionSurvivesARestart()
    {
        var now = _storage.Time.GetUtcNow();
        var target = new NearestUnitsTarget(new GeoPoint(23.1375, 113.3245), 1500, 2);
        var request = new AlertRequest(new AlertTargets([], [], false, target), Priority.Alert, AlertSignalling.None, null, "fire", 0, true, null, []);
        var regroup = new AlertRegroup(new TalkGroupId("regroup-alert-1"), [
            new NearestUnit(new UnitId("n1"), 100.5, [new EndpointId("radio-n1")]),
            new NearestUnit(new UnitId("n2"), 412.25, []),
        ]);
        var alert = new AlertSnapshot("alert-1", AlertState.AwaitingAck, request, now, now, null, "dispatch",
            [new UnitAlertStatus(new UnitId("n1"), now, null, null, null, 0), new UnitAlertStatus(new UnitId("n2"), now, null, null, null, 0)], 0, null, regroup);
        await new StorageAlertStore(_storage.Alerts, _storage.Time).SaveAsync(alert);

        var reopened = new StorageAlertStore(new SqliteAlertRepository(new SqliteDatabase(_storage.ConnectionString, _storage.Time, NullLogger.Instance)), _storage.Time);
        var loaded = Assert.Single(await reopened.LoadOpenAsync());

        Assert.Equal(target, loaded.Request.Targets.Nearest);
        Assert.Equal(regroup.Group, loaded.Regroup!.Group);
        Assert.Equal(
            regroup.Units.Select(u => (u.Unit, u.DistanceMetres, string.Join(",", u.Endpoints))),
            loaded.Regroup.Units.Select(u => (u.Unit, u.DistanceMetres, string.Join(",", u.Endpoints))));
    }

    public void Dispose() => _storage.Dispose();
}

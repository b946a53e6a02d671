using Dapper;
using Gateway.Core.Identity;
using Gateway.Core.Positions;
using Gateway.Storage.Sqlite;

namespace Gateway.Storage.Positions;

/// <summary>Last unit positions in the <c>unit_positions</c> table (one row per unit, replaced by each newer fix).</summary>
internal sealed class SqlitePositionStore : IPositionStore
{
    private readonly SqliteDatabase _database;

    public SqlitePositionStore(SqliteDatabase database)
    {
        _database = database;
    }

    public async Task SaveAsync(UnitPosition position, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(position);

        // The registry only hands in newer fixes, but two saves may race: the row keeps the newest fix.
        const string Sql = """
            INSERT INTO unit_positions (unit_id, latitude, longitude, accuracy_m, fix_at, received_at, source)
            VALUES (@Unit, @Latitude, @Longitude, @Accuracy, @FixAt, @ReceivedAt, @Source)
            ON CONFLICT (unit_id) DO UPDATE SET
                latitude = excluded.latitude, longitude = excluded.longitude, accuracy_m = excluded.accuracy_m,
                fix_at = excluded.fix_at, received_at = excluded.received_at, source = excluded.source
            WHERE excluded.fix_at >= unit_positions.fix_at;
            """;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            Sql,
            new
            {
                Unit = position.Unit.Value,
                position.Point.Latitude,
                position.Point.Longitude,
                Accuracy = position.AccuracyMetres,
                FixAt = DbValues.Time(position.Time),
                ReceivedAt = DbValues.Time(position.ReceivedAt),
                position.Source,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UnitPosition>> LoadAsync(CancellationToken cancellationToken = default)
    {
        const string Sql = "SELECT unit_id, latitude, longitude, accuracy_m, fix_at, received_at, source FROM unit_positions ORDER BY unit_id;";
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PositionRow>(new CommandDefinition(Sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new UnitPosition(
            new UnitId(r.UnitId),
            new GeoPoint(r.Latitude, r.Longitude),
            r.AccuracyM,
            DbValues.Time(r.FixAt),
            DbValues.Time(r.ReceivedAt),
            r.Source)).ToList();
    }

    private sealed class PositionRow
    {
        public string UnitId { get; set; } = "";
        public double Latitude { get; set; }
        public double Longitude { get; set; }
        public double AccuracyM { get; set; }
        public long FixAt { get; set; }
        public long ReceivedAt { get; set; }
        public string Source { get; set; } = "";
    }
}

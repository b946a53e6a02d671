using Dapper;
using Gateway.Core.Identity;
using Gateway.Storage.Repositories;

namespace Gateway.Storage.Sqlite;

internal sealed class SqliteDutyRepository : IDutyRepository
{
    private readonly SqliteDatabase _database;

    public SqliteDutyRepository(SqliteDatabase database)
    {
        _database = database;
    }

    public async Task<IReadOnlyList<DutyRegistration>> ListAsync(UnitId? unit = null, DateTimeOffset? from = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        const string Sql = """
            SELECT unit_id, on_duty, at, location, note, source FROM duty_registrations
            WHERE (@Unit IS NULL OR unit_id = @Unit) AND (@From IS NULL OR at >= @From)
            ORDER BY at DESC, id DESC LIMIT @Limit;
            """;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<DutyRow>(new CommandDefinition(
            Sql, new { Unit = unit?.Value, From = DbValues.Time(from), Limit = Math.Clamp(limit, 1, 10_000) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<IReadOnlyList<DutyRegistration>> LatestPerUnitAsync(CancellationToken cancellationToken = default)
    {
        const string Sql = """
            SELECT d.unit_id, d.on_duty, d.at, d.location, d.note, d.source FROM duty_registrations d
            WHERE d.id = (SELECT l.id FROM duty_registrations l WHERE l.unit_id = d.unit_id ORDER BY l.at DESC, l.id DESC LIMIT 1)
            ORDER BY d.unit_id;
            """;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<DutyRow>(new CommandDefinition(Sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToRecord).ToList();
    }

    private static DutyRegistration ToRecord(DutyRow r) => new(new UnitId(r.UnitId), r.OnDuty != 0, DbValues.Time(r.At), r.Location, r.Note, r.Source);

    private sealed class DutyRow
    {
        public string UnitId { get; set; } = "";
        public long OnDuty { get; set; }
        public long At { get; set; }
        public string? Location { get; set; }
        public string? Note { get; set; }
        public string Source { get; set; } = "";
    }
}

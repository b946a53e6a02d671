using System.Text;
using Dapper;
using Gateway.Storage.Repositories;

namespace Gateway.Storage.Sqlite;

internal sealed class SqliteAuditLog : IAuditLog
{
    private readonly SqliteDatabase _database;

    public SqliteAuditLog(SqliteDatabase database)
    {
        _database = database;
    }

    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.KeyName, nameof(entry.KeyName));
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action, nameof(entry.Action));
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Result, nameof(entry.Result));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO audit_log (at, key_name, action, target, detail, result) VALUES (@At, @KeyName, @Action, @Target, @Detail, @Result) RETURNING id;",
            new { At = DbValues.Time(entry.At), entry.KeyName, entry.Action, entry.Target, entry.Detail, entry.Result },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return entry with { Id = id };
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(DateTimeOffset? from = null, string? keyName = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("SELECT id, at, key_name, action, target, detail, result FROM audit_log WHERE 1 = 1");
        if (from is not null)
        {
            sql.Append(" AND at >= @From");
        }

        if (keyName is not null)
        {
            sql.Append(" AND key_name = @KeyName");
        }

        sql.Append(" ORDER BY at DESC, id DESC LIMIT @Limit;");
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
            sql.ToString(), new { From = DbValues.Time(from), KeyName = keyName, Limit = Math.Clamp(limit, 1, 10_000) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new AuditEntry(DbValues.Time(r.At), r.KeyName, r.Action, r.Target, r.Detail, r.Result) { Id = r.Id }).ToList();
    }

    private sealed class AuditRow
    {
        public long Id { get; set; }
        public long At { get; set; }
        public string KeyName { get; set; } = "";
        public string Action { get; set; } = "";
        public string? Target { get; set; }
        public string? Detail { get; set; }
        public string Result { get; set; } = "";
    }
}

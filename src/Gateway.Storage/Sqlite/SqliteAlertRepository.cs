using Dapper;
using Gateway.Core.Identity;
using Gateway.Storage.Repositories;
using Microsoft.Data.Sqlite;

namespace Gateway.Storage.Sqlite;

internal sealed class SqliteAlertRepository : IAlertRepository
{
    private const string UpsertAlert = """
        INSERT INTO alerts (id, state, priority, created_at, updated_at, created_by, text, ack_required, ack_deadline_ms, request_json, ended_at)
        VALUES (@Id, @State, @Priority, @CreatedAt, @UpdatedAt, @CreatedBy, @Text, @AckRequired, @AckDeadlineMs, @RequestJson, @EndedAt)
        ON CONFLICT (id) DO UPDATE SET state = excluded.state, priority = excluded.priority, updated_at = excluded.updated_at,
            text = excluded.text, ack_required = excluded.ack_required, ack_deadline_ms = excluded.ack_deadline_ms,
            request_json = excluded.request_json, ended_at = excluded.ended_at;
        """;

    private const string UpsertUnit = """
        INSERT INTO alert_units (alert_id, unit_id, status, notified_at, acknowledged_at, ack_via, responding_at, on_scene_at, checked_out_at)
        VALUES (@AlertId, @Unit, @Status, @NotifiedAt, @AcknowledgedAt, @AckVia, @RespondingAt, @OnSceneAt, @CheckedOutAt)
        ON CONFLICT (alert_id, unit_id) DO UPDATE SET status = excluded.status, notified_at = excluded.notified_at,
            acknowledged_at = excluded.acknowledged_at, ack_via = excluded.ack_via, responding_at = excluded.responding_at,
            on_scene_at = excluded.on_scene_at, checked_out_at = excluded.checked_out_at;
        """;

    private const string AlertColumns = "id, state, priority, created_at, updated_at, created_by, text, ack_required, ack_deadline_ms, request_json, ended_at";

    private readonly SqliteDatabase _database;

    public SqliteAlertRepository(SqliteDatabase database)
    {
        _database = database;
    }

    public async Task SaveAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(UpsertAlert, new
        {
            alert.Id,
            alert.State,
            Priority = DbValues.Name(alert.Priority),
            CreatedAt = DbValues.Time(alert.CreatedAt),
            UpdatedAt = DbValues.Time(alert.UpdatedAt),
            alert.CreatedBy,
            alert.Text,
            alert.AckRequired,
            AckDeadlineMs = alert.AckDeadline is { } deadline ? (long?)deadline.TotalMilliseconds : null,
            alert.RequestJson,
            EndedAt = DbValues.Time(alert.EndedAt),
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var unit in alert.Units)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpsertUnit, UnitParameters(unit), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveUnitStatusAsync(AlertUnitStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(UpsertUnit, UnitParameters(status), cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task AppendHistoryAsync(AlertHistoryEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alert_events (alert_id, at, kind, unit_id, detail) VALUES (@AlertId, @At, @Kind, @Unit, @Detail);",
            new { entry.AlertId, At = DbValues.Time(entry.At), entry.Kind, Unit = entry.Unit?.Value, entry.Detail },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<AlertRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<AlertRow>(new CommandDefinition(
            $"SELECT {AlertColumns} FROM alerts WHERE id = @Id;", new { Id = id }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        var alerts = await LoadAsync(connection, rows, cancellationToken).ConfigureAwait(false);
        return alerts.Count == 0 ? null : alerts[0];
    }

    public async Task<IReadOnlyList<AlertHistoryEntry>> GetHistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition(
            "SELECT alert_id, at, kind, unit_id, detail FROM alert_events WHERE alert_id = @Id ORDER BY at, id;", new { Id = id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new AlertHistoryEntry(r.AlertId, DbValues.Time(r.At), r.Kind, r.UnitId is null ? null : new UnitId(r.UnitId), r.Detail)).ToList();
    }

    public async Task<IReadOnlyList<AlertRecord>> ListAsync(bool openOnly = false, DateTimeOffset? from = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        var sql = $"""
            SELECT {AlertColumns} FROM alerts
            WHERE (@OpenOnly = 0 OR ended_at IS NULL) AND (@From IS NULL OR created_at >= @From)
            ORDER BY created_at DESC, id DESC LIMIT @Limit;
            """;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<AlertRow>(new CommandDefinition(
            sql, new { OpenOnly = openOnly, From = DbValues.Time(from), Limit = Math.Clamp(limit, 1, 10_000) }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        return await LoadAsync(connection, rows, cancellationToken).ConfigureAwait(false);
    }

    private static object UnitParameters(AlertUnitStatus unit) => new
    {
        unit.AlertId,
        Unit = unit.Unit.Value,
        unit.Status,
        NotifiedAt = DbValues.Time(unit.NotifiedAt),
        AcknowledgedAt = DbValues.Time(unit.AcknowledgedAt),
        unit.AckVia,
        RespondingAt = DbValues.Time(unit.RespondingAt),
        OnSceneAt = DbValues.Time(unit.OnSceneAt),
        CheckedOutAt = DbValues.Time(unit.CheckedOutAt),
    };

    private static async Task<IReadOnlyList<AlertRecord>> LoadAsync(SqliteConnection connection, List<AlertRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var units = (await connection.QueryAsync<AlertUnitRow>(new CommandDefinition(
            "SELECT alert_id, unit_id, status, notified_at, acknowledged_at, ack_via, responding_at, on_scene_at, checked_out_at FROM alert_units WHERE alert_id IN @Ids ORDER BY alert_id, unit_id;",
            new { Ids = rows.ConvertAll(r => r.Id) }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .GroupBy(u => u.AlertId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AlertUnitStatus>)g.Select(u => new AlertUnitStatus(
                u.AlertId, new UnitId(u.UnitId), u.Status, DbValues.Time(u.NotifiedAt), DbValues.Time(u.AcknowledgedAt), u.AckVia,
                DbValues.Time(u.RespondingAt), DbValues.Time(u.OnSceneAt), DbValues.Time(u.CheckedOutAt))).ToList(), StringComparer.Ordinal);
        return rows.Select(r => new AlertRecord(
            r.Id, r.State, DbValues.ParsePriority(r.Priority), DbValues.Time(r.CreatedAt), DbValues.Time(r.UpdatedAt), r.CreatedBy, r.Text,
            r.AckRequired != 0, r.AckDeadlineMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, r.RequestJson, DbValues.Time(r.EndedAt),
            units.GetValueOrDefault(r.Id) ?? [])).ToList();
    }

    private sealed class AlertRow
    {
        public string Id { get; set; } = "";
        public string State { get; set; } = "";
        public string Priority { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public string? CreatedBy { get; set; }
        public string? Text { get; set; }
        public long AckRequired { get; set; }
        public long? AckDeadlineMs { get; set; }
        public string RequestJson { get; set; } = "";
        public long? EndedAt { get; set; }
    }

    private sealed class AlertUnitRow
    {
        public string AlertId { get; set; } = "";
        public string UnitId { get; set; } = "";
        public string Status { get; set; } = "";
        public long? NotifiedAt { get; set; }
        public long? AcknowledgedAt { get; set; }
        public string? AckVia { get; set; }
        public long? RespondingAt { get; set; }
        public long? OnSceneAt { get; set; }
        public long? CheckedOutAt { get; set; }
    }

    private sealed class HistoryRow
    {
        public string AlertId { get; set; } = "";
        public long At { get; set; }
        public string Kind { get; set; } = "";
        public string? UnitId { get; set; }
        public string? Detail { get; set; }
    }
}

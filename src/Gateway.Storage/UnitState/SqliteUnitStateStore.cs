using Dapper;
using Gateway.Core.Identity;
using Gateway.Core.UnitState;
using Gateway.Storage.Sqlite;

namespace Gateway.Storage.UnitState;

/// <summary>Keeps each unit's current status and open emergency in <c>unit_states</c> (schema version 2): one upserted row per unit.</summary>
public sealed class SqliteUnitStateStore : IUnitStateStore
{
    private const string Upsert = """
        INSERT INTO unit_states (unit_id, status, status_at, status_source, status_note, emergency_talk_group_id, emergency_at,
            emergency_source, emergency_note, emergency_latitude, emergency_longitude, emergency_endpoint_id, priority_pending, updated_at)
        VALUES (@Unit, @Status, @StatusAt, @StatusSource, @StatusNote, @Group, @RaisedAt, @Source, @Note, @Latitude, @Longitude, @Endpoint, @Pending, @UpdatedAt)
        ON CONFLICT (unit_id) DO UPDATE SET status = excluded.status, status_at = excluded.status_at, status_source = excluded.status_source,
            status_note = excluded.status_note, emergency_talk_group_id = excluded.emergency_talk_group_id, emergency_at = excluded.emergency_at,
            emergency_source = excluded.emergency_source, emergency_note = excluded.emergency_note, emergency_latitude = excluded.emergency_latitude,
            emergency_longitude = excluded.emergency_longitude, emergency_endpoint_id = excluded.emergency_endpoint_id,
            priority_pending = excluded.priority_pending, updated_at = excluded.updated_at;
        """;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    internal SqliteUnitStateStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public async Task SaveAsync(UnitStateRecord state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var status = state.Status;
        var emergency = state.Emergency;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Upsert, new
        {
            Unit = state.Unit.Value,
            Status = status?.Name,
            StatusAt = DbValues.Time(status?.At),
            StatusSource = status?.Source,
            StatusNote = status?.Note,
            Group = emergency?.Group.Value,
            RaisedAt = DbValues.Time(emergency?.RaisedAt),
            Source = emergency?.Source,
            Note = emergency?.Note,
            emergency?.Latitude,
            emergency?.Longitude,
            Endpoint = emergency?.Endpoint?.Value,
            Pending = emergency?.PriorityPending == true ? 1 : 0,
            UpdatedAt = DbValues.Time(_time.GetUtcNow()),
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UnitStateRecord>> LoadAsync(CancellationToken cancellationToken = default)
    {
        const string Sql = """
            SELECT unit_id, status, status_at, status_source, status_note, emergency_talk_group_id, emergency_at, emergency_source,
                emergency_note, emergency_latitude, emergency_longitude, emergency_endpoint_id, priority_pending
            FROM unit_states ORDER BY unit_id;
            """;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToRecord).Where(r => r.Status is not null || r.Emergency is not null).ToList();
    }

    private static UnitStateRecord ToRecord(Row r)
    {
        var unit = new UnitId(r.UnitId);
        var status = r.Status is { } name && r.StatusAt is { } at ? new UnitStatus(name, DbValues.Time(at), r.StatusSource ?? string.Empty, r.StatusNote) : null;
        var emergency = r.EmergencyTalkGroupId is { } group && r.EmergencyAt is { } raised
            ? new UnitEmergency(unit, new TalkGroupId(group), DbValues.Time(raised), r.EmergencySource ?? string.Empty, r.EmergencyNote,
                r.EmergencyLatitude, r.EmergencyLongitude, r.EmergencyEndpointId is { } e ? new EndpointId(e) : null, r.PriorityPending != 0)
            : null;
        return new UnitStateRecord(unit, status, emergency);
    }

    private sealed class Row
    {
        public string UnitId { get; set; } = "";
        public string? Status { get; set; }
        public long? StatusAt { get; set; }
        public string? StatusSource { get; set; }
        public string? StatusNote { get; set; }
        public string? EmergencyTalkGroupId { get; set; }
        public long? EmergencyAt { get; set; }
        public string? EmergencySource { get; set; }
        public string? EmergencyNote { get; set; }
        public double? EmergencyLatitude { get; set; }
        public double? EmergencyLongitude { get; set; }
        public string? EmergencyEndpointId { get; set; }
        public long PriorityPending { get; set; }
    }
}

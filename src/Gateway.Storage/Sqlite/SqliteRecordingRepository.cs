using Dapper;
using Gateway.Core.Identity;
using Gateway.Storage.Repositories;
using Microsoft.Data.Sqlite;

namespace Gateway.Storage.Sqlite;

internal sealed class SqliteRecordingRepository : IRecordingRepository
{
    private const string Upsert = """
        INSERT INTO recordings (call_id, talk_group_id, path, started_at, ended_at, duration_ms, size_bytes, complete)
        VALUES (@Call, @Group, @Path, @StartedAt, @EndedAt, @DurationMs, @SizeBytes, @Complete)
        ON CONFLICT (call_id) DO UPDATE SET path = excluded.path, ended_at = excluded.ended_at, duration_ms = excluded.duration_ms,
            size_bytes = excluded.size_bytes, complete = excluded.complete;
        """;

    private const string InsertSegment = """
        INSERT INTO recording_segments (call_id, seq, endpoint_id, unit_id, talker_name, received_at, offset_ms, duration_ms)
        VALUES (@Call, @Seq, @Endpoint, @Unit, @Name, @ReceivedAt, @OffsetMs, @DurationMs);
        """;

    private readonly SqliteDatabase _database;

    public SqliteRecordingRepository(SqliteDatabase database)
    {
        _database = database;
    }

    public Task RecordingStartedAsync(RecordingInfo recording, CancellationToken cancellationToken = default) =>
        SaveAsync(recording, cancellationToken);

    public Task RecordingCompletedAsync(RecordingInfo recording, CancellationToken cancellationToken = default) =>
        SaveAsync(recording, cancellationToken);

    public async Task<RecordingInfo?> GetAsync(CallId call, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = await LoadAsync(connection, [call.Value], cancellationToken).ConfigureAwait(false);
        return found.GetValueOrDefault(call.Value);
    }

    public async Task<IReadOnlyList<RecordingInfo>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT call_id FROM recordings WHERE ended_at IS NULL ORDER BY started_at;", cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        if (ids.Count == 0)
        {
            return [];
        }

        var found = await LoadAsync(connection, ids, cancellationToken).ConfigureAwait(false);
        return [.. ids.Where(found.ContainsKey).Select(id => found[id])];
    }

    internal static async Task<Dictionary<string, RecordingInfo>> LoadAsync(SqliteConnection connection, List<string> callIds, CancellationToken cancellationToken)
    {
        var recordings = (await connection.QueryAsync<RecordingRow>(new CommandDefinition(
            "SELECT call_id, talk_group_id, path, started_at, ended_at, duration_ms, size_bytes, complete FROM recordings WHERE call_id IN @Ids;",
            new { Ids = callIds }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        if (recordings.Count == 0)
        {
            return [];
        }

        var segments = (await connection.QueryAsync<SegmentRow>(new CommandDefinition(
            "SELECT call_id, seq, endpoint_id, unit_id, talker_name, received_at, offset_ms, duration_ms FROM recording_segments WHERE call_id IN @Ids ORDER BY call_id, seq;",
            new { Ids = callIds }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .GroupBy(s => s.CallId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<RecordingSegment>)g.Select(s => new RecordingSegment(
                (int)s.Seq,
                new EndpointId(s.EndpointId),
                s.UnitId is null ? null : new UnitId(s.UnitId),
                s.TalkerName,
                DbValues.Time(s.ReceivedAt),
                TimeSpan.FromMilliseconds(s.OffsetMs),
                TimeSpan.FromMilliseconds(s.DurationMs))).ToList());

        var result = new Dictionary<string, RecordingInfo>(recordings.Count, StringComparer.Ordinal);
        foreach (var row in recordings)
        {
            result[row.CallId] = new RecordingInfo(
                new CallId(row.CallId),
                new TalkGroupId(row.TalkGroupId),
                row.Path,
                DbValues.Time(row.StartedAt),
                DbValues.Time(row.EndedAt),
                TimeSpan.FromMilliseconds(row.DurationMs),
                row.SizeBytes,
                row.Complete != 0,
                segments.GetValueOrDefault(row.CallId) ?? []);
        }

        return result;
    }

    private async Task SaveAsync(RecordingInfo recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Upsert, new
        {
            Call = recording.Call.Value,
            Group = recording.TalkGroup.Value,
            Path = recording.RelativePath,
            StartedAt = DbValues.Time(recording.StartedAt),
            EndedAt = DbValues.Time(recording.EndedAt),
            DurationMs = (long)recording.Duration.TotalMilliseconds,
            recording.SizeBytes,
            recording.Complete,
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM recording_segments WHERE call_id = @Call;", new { Call = recording.Call.Value }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var segment in recording.Segments)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSegment, new
            {
                Call = recording.Call.Value,
                Seq = segment.Sequence,
                Endpoint = segment.Endpoint.Value,
                Unit = segment.Unit?.Value,
                Name = segment.TalkerName,
                ReceivedAt = DbValues.Time(segment.ReceivedAt),
                OffsetMs = (long)segment.Offset.TotalMilliseconds,
                DurationMs = (long)segment.Duration.TotalMilliseconds,
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}

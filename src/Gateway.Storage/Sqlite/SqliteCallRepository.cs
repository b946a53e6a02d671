using System.Globalization;
using Dapper;
using Gateway.Core.Identity;
using Gateway.Storage.Repositories;
using Microsoft.Data.Sqlite;

namespace Gateway.Storage.Sqlite;

internal sealed class SqliteCallRepository : ICallRepository
{
    private const string CallColumns = "id, talk_group_id, started_at, ended_at, end_reason, first_endpoint_id, first_unit_id, first_talker_name, priority, transmission_count";

    private readonly SqliteDatabase _database;

    public SqliteCallRepository(SqliteDatabase database)
    {
        _database = database;
    }

    public async Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > 1000)
        {
            throw new ArgumentException($"page_size must be between 1 and 1000 (was {query.PageSize}).", nameof(query));
        }

        var sql = new System.Text.StringBuilder($"SELECT {CallColumns} FROM calls WHERE 1 = 1");
        var parameters = new DynamicParameters();
        if (query.TalkGroup is { } group)
        {
            sql.Append(" AND talk_group_id = @Group");
            parameters.Add("Group", group.Value);
        }

        if (query.From is { } from)
        {
            sql.Append(" AND started_at >= @From");
            parameters.Add("From", DbValues.Time(from));
        }

        if (query.To is { } to)
        {
            sql.Append(" AND started_at < @To");
            parameters.Add("To", DbValues.Time(to));
        }

        if (!string.IsNullOrEmpty(query.PageToken))
        {
            var (startedAt, id) = ParsePageToken(query.PageToken);
            sql.Append(" AND (started_at < @TokenStarted OR (started_at = @TokenStarted AND id < @TokenId))");
            parameters.Add("TokenStarted", startedAt);
            parameters.Add("TokenId", id);
        }

        sql.Append(" ORDER BY started_at DESC, id DESC LIMIT @Limit;");
        parameters.Add("Limit", query.PageSize + 1);

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<CallRow>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        string? next = null;
        if (rows.Count > query.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = string.Create(CultureInfo.InvariantCulture, $"{last.StartedAt}:{last.Id}");
        }

        var calls = await LoadAsync(connection, rows, cancellationToken).ConfigureAwait(false);
        return new CallPage(calls, next);
    }

    public async Task<CallRecord?> GetCallAsync(CallId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<CallRow>(new CommandDefinition(
            $"SELECT {CallColumns} FROM calls WHERE id = @Id;", new { Id = id.Value }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        if (rows.Count == 0)
        {
            return null;
        }

        var calls = await LoadAsync(connection, rows, cancellationToken).ConfigureAwait(false);
        return calls[0];
    }

    public async Task<int> CloseOpenCallsAsync(CancellationToken cancellationToken = default)
    {
        // The true end of an open call died with the previous process; the last activity the database knows of (the
        // latest transmission start or end, else the call start) is the honest bound, and never spans the downtime.
        const string CloseTransmissions = """
            UPDATE transmissions SET ended_at = started_at, end_reason = 'gateway_restart'
            WHERE ended_at IS NULL;
            """;
        const string CloseCalls = """
            UPDATE calls SET end_reason = 'gateway_restart',
                ended_at = MAX(started_at, COALESCE((SELECT MAX(MAX(t.started_at, COALESCE(t.ended_at, 0))) FROM transmissions t WHERE t.call_id = calls.id), 0)),
                transmission_count = (SELECT COUNT(*) FROM transmissions t WHERE t.call_id = calls.id)
            WHERE ended_at IS NULL;
            """;

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(CloseTransmissions, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var closed = await connection.ExecuteAsync(new CommandDefinition(CloseCalls, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return closed;
    }

    private static (long StartedAt, string Id) ParsePageToken(string token)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var startedAt) || colon == token.Length - 1)
        {
            throw new ArgumentException($"page_token '{token}' is not a token returned by ListCalls.", nameof(token));
        }

        return (startedAt, token[(colon + 1)..]);
    }

    private static async Task<IReadOnlyList<CallRecord>> LoadAsync(SqliteConnection connection, List<CallRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.ConvertAll(r => r.Id);
        var transmissions = (await connection.QueryAsync<TransmissionRow>(new CommandDefinition(
            "SELECT call_id, number, talk_group_id, endpoint_id, unit_id, talker_name, priority, started_at, ended_at, end_reason FROM transmissions WHERE call_id IN @Ids ORDER BY call_id, number;",
            new { Ids = ids }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .GroupBy(t => t.CallId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TransmissionRecord>)g.Select(ToRecord).ToList());
        var recordings = await SqliteRecordingRepository.LoadAsync(connection, ids, cancellationToken).ConfigureAwait(false);

        var calls = new List<CallRecord>(rows.Count);
        foreach (var row in rows)
        {
            Talker? first = row.FirstEndpointId is null
                ? null
                : new Talker(new EndpointId(row.FirstEndpointId), row.FirstUnitId is null ? null : new UnitId(row.FirstUnitId), row.FirstTalkerName ?? row.FirstEndpointId);
            calls.Add(new CallRecord(
                new CallId(row.Id),
                new TalkGroupId(row.TalkGroupId),
                DbValues.Time(row.StartedAt),
                DbValues.Time(row.EndedAt),
                DbValues.ParseCallOutcome(row.EndReason),
                first,
                DbValues.ParsePriority(row.Priority),
                (int)row.TransmissionCount,
                transmissions.GetValueOrDefault(row.Id) ?? [],
                recordings.GetValueOrDefault(row.Id)));
        }

        return calls;
    }

    private static TransmissionRecord ToRecord(TransmissionRow row) => new(
        new CallId(row.CallId),
        row.Number,
        new TalkGroupId(row.TalkGroupId),
        new EndpointId(row.EndpointId),
        row.UnitId is null ? null : new UnitId(row.UnitId),
        row.TalkerName,
        DbValues.ParsePriority(row.Priority),
        DbValues.Time(row.StartedAt),
        DbValues.Time(row.EndedAt),
        DbValues.ParseOutcome(row.EndReason));
}

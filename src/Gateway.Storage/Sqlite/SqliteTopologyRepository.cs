using Dapper;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;
using Gateway.Storage.Repositories;
using Microsoft.Data.Sqlite;

namespace Gateway.Storage.Sqlite;

/// <summary>Run-time topology: talk groups, units with memberships, endpoints with memberships, patches.</summary>
internal sealed class SqliteTopologyRepository : ITalkGroupRepository, IUnitRepository, IEndpointRepository, IPatchRepository
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteTopologyRepository(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    // ---- Talk groups ------------------------------------------------------------------------------

    public async Task UpsertAsync(TalkGroupSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const string Sql = """
            INSERT INTO talk_groups (id, name, hang_time_ms, max_transmit_ms, queue_requests, queue_timeout_ms, record, created_at, updated_at)
            VALUES (@Id, @Name, @HangTimeMs, @MaxTransmitMs, @QueueRequests, @QueueTimeoutMs, @Record, @Now, @Now)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, hang_time_ms = excluded.hang_time_ms, max_transmit_ms = excluded.max_transmit_ms,
                queue_requests = excluded.queue_requests, queue_timeout_ms = excluded.queue_timeout_ms, record = excluded.record, updated_at = excluded.updated_at;
            """;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Sql, new
        {
            Id = settings.Id.Value,
            settings.Name,
            HangTimeMs = (long)settings.HangTime.TotalMilliseconds,
            MaxTransmitMs = (long)settings.MaxTransmit.TotalMilliseconds,
            settings.QueueRequests,
            QueueTimeoutMs = (long)settings.QueueTimeout.TotalMilliseconds,
            settings.Record,
            Now = DbValues.Time(_time.GetUtcNow()),
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public Task<bool> DeleteAsync(TalkGroupId id, CancellationToken cancellationToken = default) =>
        DeleteByIdAsync("DELETE FROM talk_groups WHERE id = @Id;", id.Value, cancellationToken);

    async Task<IReadOnlyList<TalkGroupSettings>> ITalkGroupRepository.ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TalkGroupRow>(new CommandDefinition(
            "SELECT id, name, hang_time_ms, max_transmit_ms, queue_requests, queue_timeout_ms, record FROM talk_groups ORDER BY id;",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new TalkGroupSettings(
            new TalkGroupId(r.Id),
            r.Name,
            TimeSpan.FromMilliseconds(r.HangTimeMs),
            TimeSpan.FromMilliseconds(r.MaxTransmitMs),
            r.QueueRequests != 0,
            TimeSpan.FromMilliseconds(r.QueueTimeoutMs),
            r.Record != 0)).ToList();
    }

    // ---- Units ------------------------------------------------------------------------------------

    public async Task UpsertAsync(UnitSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const string Sql = """
            INSERT INTO units (id, name, mumble_user, selcall, dtmf_id, created_at, updated_at)
            VALUES (@Id, @Name, @MumbleUser, @SelCall, @DtmfId, @Now, @Now)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, mumble_user = excluded.mumble_user, selcall = excluded.selcall,
                dtmf_id = excluded.dtmf_id, updated_at = excluded.updated_at;
            DELETE FROM unit_memberships WHERE unit_id = @Id;
            """;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Sql, new
        {
            Id = settings.Id.Value,
            settings.Name,
            settings.MumbleUser,
            settings.SelCall,
            settings.DtmfId,
            Now = DbValues.Time(_time.GetUtcNow()),
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var group in settings.TalkGroups)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO unit_memberships (unit_id, talk_group_id) VALUES (@Id, @Group) ON CONFLICT DO NOTHING;",
                new { Id = settings.Id.Value, Group = group.Value }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> DeleteAsync(UnitId id, CancellationToken cancellationToken = default) =>
        DeleteByIdAsync("DELETE FROM units WHERE id = @Id;", id.Value, cancellationToken);

    async Task<IReadOnlyList<UnitSettings>> IUnitRepository.ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<UnitRow>(new CommandDefinition(
            "SELECT id, name, mumble_user, selcall, dtmf_id FROM units ORDER BY id;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var memberships = await MembershipsAsync(connection, "SELECT unit_id AS owner, talk_group_id AS talk_group FROM unit_memberships ORDER BY unit_id, talk_group_id;", cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new UnitSettings(
            new UnitId(r.Id), r.Name, memberships.GetValueOrDefault(r.Id) ?? [], r.MumbleUser, r.Selcall, r.DtmfId)).ToList();
    }

    // ---- Endpoints --------------------------------------------------------------------------------

    public async Task UpsertAsync(StoredEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        const string Sql = """
            INSERT INTO endpoints (id, kind, definition_json, created_at, updated_at) VALUES (@Id, @Kind, @Json, @Now, @Now)
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, definition_json = excluded.definition_json, updated_at = excluded.updated_at;
            DELETE FROM endpoint_memberships WHERE endpoint_id = @Id;
            """;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Sql, new
        {
            Id = endpoint.Id.Value,
            Kind = DbValues.Name(endpoint.Kind),
            Json = endpoint.DefinitionJson,
            Now = DbValues.Time(_time.GetUtcNow()),
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var group in endpoint.TalkGroups)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO endpoint_memberships (endpoint_id, talk_group_id) VALUES (@Id, @Group) ON CONFLICT DO NOTHING;",
                new { Id = endpoint.Id.Value, Group = group.Value }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> DeleteAsync(EndpointId id, CancellationToken cancellationToken = default) =>
        DeleteByIdAsync("DELETE FROM endpoints WHERE id = @Id;", id.Value, cancellationToken);

    async Task<IReadOnlyList<StoredEndpoint>> IEndpointRepository.ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<EndpointRow>(new CommandDefinition(
            "SELECT id, kind, definition_json FROM endpoints ORDER BY id;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var memberships = await MembershipsAsync(connection, "SELECT endpoint_id AS owner, talk_group_id AS talk_group FROM endpoint_memberships ORDER BY endpoint_id, talk_group_id;", cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new StoredEndpoint(
            new EndpointId(r.Id), DbValues.ParseEndpointKind(r.Kind), r.DefinitionJson, memberships.GetValueOrDefault(r.Id) ?? [])).ToList();
    }

    // ---- Patches ----------------------------------------------------------------------------------

    public async Task<IReadOnlyList<StoredPatch>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PatchRow>(new CommandDefinition(
            "SELECT id, created_at, removed_at FROM patches WHERE removed_at IS NULL ORDER BY created_at;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var groups = await MembershipsAsync(connection, "SELECT patch_id AS owner, talk_group_id AS talk_group FROM patch_groups ORDER BY patch_id, talk_group_id;", cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new StoredPatch(new PatchId(r.Id), groups.GetValueOrDefault(r.Id) ?? [], DbValues.Time(r.CreatedAt), DbValues.Time(r.RemovedAt))).ToList();
    }

    private static async Task<Dictionary<string, IReadOnlyList<TalkGroupId>>> MembershipsAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<MembershipRow>(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.GroupBy(r => r.Owner, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TalkGroupId>)g.Select(r => new TalkGroupId(r.TalkGroup)).ToList(), StringComparer.Ordinal);
    }

    private async Task<bool> DeleteByIdAsync(string sql, string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { Id = id }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    private sealed class TalkGroupRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public long HangTimeMs { get; set; }
        public long MaxTransmitMs { get; set; }
        public long QueueRequests { get; set; }
        public long QueueTimeoutMs { get; set; }
        public long Record { get; set; }
    }

    private sealed class UnitRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? MumbleUser { get; set; }
        public string? Selcall { get; set; }
        public string? DtmfId { get; set; }
    }

    private sealed class EndpointRow
    {
        public string Id { get; set; } = "";
        public string Kind { get; set; } = "";
        public string DefinitionJson { get; set; } = "";
    }

    private sealed class PatchRow
    {
        public string Id { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? RemovedAt { get; set; }
    }

    private sealed class MembershipRow
    {
        public string Owner { get; set; } = "";
        public string TalkGroup { get; set; } = "";
    }
}

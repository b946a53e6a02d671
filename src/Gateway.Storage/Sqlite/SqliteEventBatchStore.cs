using Dapper;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Storage.Repositories;
using Microsoft.Data.Sqlite;

namespace Gateway.Storage.Sqlite;

/// <summary>
/// Applies a batch of events in one transaction. Every statement is idempotent (upserts, "where still open" updates),
/// so events may arrive in either order (a grant before its call start) and a batch replayed after a failed commit is
/// harmless.
/// </summary>
internal sealed class SqliteEventBatchStore : IEventBatchStore
{
    private const string EnsureCall = """
        INSERT INTO calls (id, talk_group_id, started_at, first_endpoint_id, first_unit_id, first_talker_name, priority)
        VALUES (@Call, @Group, @At, @Endpoint, @Unit, @Name, @Priority)
        ON CONFLICT (id) DO NOTHING;
        """;

    private const string StartCall = """
        INSERT INTO calls (id, talk_group_id, started_at, first_endpoint_id, first_unit_id, first_talker_name, priority)
        VALUES (@Call, @Group, @At, @Endpoint, @Unit, @Name, @Priority)
        ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, first_endpoint_id = excluded.first_endpoint_id,
            first_unit_id = excluded.first_unit_id, first_talker_name = excluded.first_talker_name, priority = excluded.priority;
        """;

    private const string StartTransmission = """
        INSERT INTO transmissions (call_id, number, talk_group_id, endpoint_id, unit_id, talker_name, priority, started_at)
        VALUES (@Call, @Number, @Group, @Endpoint, @Unit, @Name, @Priority, @At)
        ON CONFLICT (call_id, number) DO NOTHING;
        UPDATE calls SET transmission_count = (SELECT COUNT(*) FROM transmissions WHERE call_id = @Call) WHERE id = @Call;
        """;

    private const string EndTransmission = """
        UPDATE transmissions SET ended_at = @At, end_reason = @Reason
        WHERE call_id = @Call AND number = @Number AND ended_at IS NULL;
        """;

    private const string EndCall = """
        UPDATE calls SET ended_at = @At, end_reason = 'ended', transmission_count = MAX(transmission_count, @Transmissions)
        WHERE id = @Call AND ended_at IS NULL;
        """;

    private const string Duty = """
        INSERT INTO duty_registrations (unit_id, on_duty, at, location, note, source)
        VALUES (@Unit, @OnDuty, @At, @Location, @Note, @Source);
        """;

    private const string AddPatch = """
        INSERT INTO patches (id, created_at) VALUES (@Patch, @At) ON CONFLICT (id) DO UPDATE SET removed_at = NULL;
        """;

    private const string AddPatchGroup = """
        INSERT INTO patch_groups (patch_id, talk_group_id) VALUES (@Patch, @Group) ON CONFLICT DO NOTHING;
        """;

    private const string RemovePatch = "UPDATE patches SET removed_at = @At WHERE id = @Patch AND removed_at IS NULL;";

    private readonly SqliteDatabase _database;

    public SqliteEventBatchStore(SqliteDatabase database)
    {
        _database = database;
    }

    public async Task<int> WriteBatchAsync(IReadOnlyList<GatewayEvent> batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var item in batch)
        {
            if (await ApplyAsync(connection, transaction, item, cancellationToken).ConfigureAwait(false))
            {
                written++;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static async Task<bool> ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, GatewayEvent item, CancellationToken cancellationToken)
    {
        switch (item)
        {
            case CallStarted started:
                await Execute(connection, transaction, StartCall, new
                {
                    Call = started.Call.Value,
                    Group = started.Group.Value,
                    At = DbValues.Time(started.Time),
                    Endpoint = started.FirstTalker.Endpoint.Value,
                    Unit = started.FirstTalker.Unit?.Value,
                    Name = started.FirstTalker.DisplayName,
                    Priority = DbValues.Name(started.Priority),
                }, cancellationToken).ConfigureAwait(false);
                return true;

            case FloorGranted granted:
                var grant = granted.Grant;
                var parameters = new
                {
                    Call = grant.Call.Value,
                    Number = grant.TransmissionNumber,
                    Group = grant.TalkGroup.Value,
                    At = DbValues.Time(grant.GrantedAt),
                    Endpoint = grant.Talker.Endpoint.Value,
                    Unit = grant.Talker.Unit?.Value,
                    Name = grant.Talker.DisplayName,
                    Priority = DbValues.Name(grant.Priority),
                };
                await Execute(connection, transaction, EnsureCall, parameters, cancellationToken).ConfigureAwait(false);
                await Execute(connection, transaction, StartTransmission, parameters, cancellationToken).ConfigureAwait(false);
                return true;

            case FloorReleased released:
                return await EndAsync(connection, transaction, released.Grant, released.Time, TransmissionEndReason.Released, cancellationToken).ConfigureAwait(false);

            case FloorRevoked revoked:
                return await EndAsync(connection, transaction, revoked.Grant, revoked.Time, revoked.Reason, cancellationToken).ConfigureAwait(false);

            case CallEnded ended:
                return await Execute(connection, transaction, EndCall, new
                {
                    Call = ended.Call.Value,
                    At = DbValues.Time(ended.Time),
                    ended.Transmissions,
                }, cancellationToken).ConfigureAwait(false) > 0;

            case UnitDutyChanged duty:
                await Execute(connection, transaction, Duty, new
                {
                    Unit = duty.Unit.Value,
                    duty.OnDuty,
                    At = DbValues.Time(duty.Time),
                    duty.Location,
                    duty.Note,
                    duty.Source,
                }, cancellationToken).ConfigureAwait(false);
                return true;

            case PatchChanged patch when patch.Active:
                await Execute(connection, transaction, AddPatch, new { Patch = patch.Patch.Value, At = DbValues.Time(patch.Time) }, cancellationToken).ConfigureAwait(false);
                foreach (var group in patch.Groups)
                {
                    await Execute(connection, transaction, AddPatchGroup, new { Patch = patch.Patch.Value, Group = group.Value }, cancellationToken).ConfigureAwait(false);
                }

                return true;

            case PatchChanged patch:
                return await Execute(connection, transaction, RemovePatch, new { Patch = patch.Patch.Value, At = DbValues.Time(patch.Time) }, cancellationToken).ConfigureAwait(false) > 0;

            default:
                return false;
        }
    }

    private static async Task<bool> EndAsync(SqliteConnection connection, SqliteTransaction transaction, FloorGrant grant, DateTimeOffset at, TransmissionEndReason reason, CancellationToken cancellationToken)
    {
        var changed = await Execute(connection, transaction, EndTransmission, new
        {
            Call = grant.Call.Value,
            Number = grant.TransmissionNumber,
            At = DbValues.Time(at),
            Reason = DbValues.Name(DbValues.Outcome(reason)),
        }, cancellationToken).ConfigureAwait(false);
        return changed > 0;
    }

    private static Task<int> Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, object parameters, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
}

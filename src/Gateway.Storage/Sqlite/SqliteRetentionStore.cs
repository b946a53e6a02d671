using Dapper;
using Gateway.Storage.Repositories;
using Microsoft.Data.Sqlite;

namespace Gateway.Storage.Sqlite;

internal sealed class SqliteRetentionStore : IRetentionStore
{
    private readonly SqliteDatabase _database;

    public SqliteRetentionStore(SqliteDatabase database)
    {
        _database = database;
    }

    public async Task<IReadOnlyList<RecordingInfo>> ListRecordingsStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT call_id FROM recordings WHERE started_at < @Cutoff;", new { Cutoff = DbValues.Time(cutoff) }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        if (ids.Count == 0)
        {
            return [];
        }

        var found = await SqliteRecordingRepository.LoadAsync(connection, ids, cancellationToken).ConfigureAwait(false);
        return [.. found.Values];
    }

    public async Task<int> DeleteStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        const string Sql = """
            DELETE FROM recordings WHERE started_at < @Cutoff;
            DELETE FROM calls WHERE started_at < @Cutoff AND ended_at IS NOT NULL;
            """;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var before = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM calls;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Sql, new { Cutoff = DbValues.Time(cutoff) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var after = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM calls;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (int)(before - after);
    }
}

using Dapper;
using Gateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gateway.Storage.Migrations;

/// <summary>
/// Brings the database to <see cref="SqliteSchema.LatestVersion"/>: each missing step runs in its own
/// <c>BEGIN IMMEDIATE</c> transaction together with its <c>schema_version</c> row, so a crash mid-migration leaves the
/// previous version intact. A database newer than the code is refused (<see cref="SchemaVersionTooNewException"/>).
/// </summary>
internal sealed partial class SchemaMigrator
{
    private readonly SqliteConnectionFactory _connections;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SchemaMigrator(SqliteConnectionFactory connections, IReadOnlyList<SchemaMigration> migrations, TimeProvider time, ILogger logger)
    {
        _connections = connections;
        _migrations = migrations;
        _time = time;
        _logger = logger;
    }

    public int SupportedVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    /// <summary>Applies pending migrations; returns the schema version now in the database.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        _connections.EnsureDirectory();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL, description TEXT NOT NULL);",
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        var current = await CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (current > SupportedVersion)
        {
            throw new SchemaVersionTooNewException(_connections.DataSource, current, SupportedVersion);
        }

        foreach (var migration in _migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // Another process may have migrated meanwhile: re-read under the write lock the transaction will take.
            var again = await CurrentVersionAsync(connection, cancellationToken, transaction).ConfigureAwait(false);
            if (again >= migration.Version)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                current = again;
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, applied_at, description) VALUES (@Version, @At, @Description);",
                new { migration.Version, At = _time.GetUtcNow().ToUnixTimeMilliseconds(), migration.Description },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogMigrated(_logger, _connections.DataSource, migration.Version, migration.Description);
            current = migration.Version;
        }

        return current;
    }

    private static async Task<int> CurrentVersionAsync(SqliteConnection connection, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        var version = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_version;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (int)(version ?? 0);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Storage {Database}: schema migrated to version {Version} ({Description})")]
    private static partial void LogMigrated(ILogger logger, string database, int version, string description);
}

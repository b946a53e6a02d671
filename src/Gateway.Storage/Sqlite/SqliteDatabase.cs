using Dapper;
using Gateway.Storage.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gateway.Storage.Sqlite;

/// <summary>
/// The gateway's SQLite database: migrates once (the first caller waits, every later caller gets the same result,
/// including a <see cref="SchemaVersionTooNewException"/>), then hands out configured connections.
/// </summary>
internal sealed class SqliteDatabase
{
    private readonly SchemaMigrator _migrator;
    private readonly Lazy<Task<int>> _ready;

    static SqliteDatabase()
    {
        // Columns are snake_case; row classes are PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public SqliteDatabase(string connectionString, TimeProvider time, ILogger logger)
        : this(connectionString, SqliteSchema.Migrations, time, logger)
    {
    }

    public SqliteDatabase(string connectionString, IReadOnlyList<SchemaMigration> migrations, TimeProvider time, ILogger logger)
    {
        Connections = new SqliteConnectionFactory(connectionString);
        _migrator = new SchemaMigrator(Connections, migrations, time, logger);
        _ready = new Lazy<Task<int>>(() => _migrator.MigrateAsync(CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public SqliteConnectionFactory Connections { get; }

    /// <summary>Applies migrations (once); returns the schema version.</summary>
    public Task<int> EnsureReadyAsync(CancellationToken cancellationToken) => _ready.Value.WaitAsync(cancellationToken);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await Connections.OpenAsync(cancellationToken).ConfigureAwait(false);
    }
}

using Gateway.Storage.Migrations;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Storage.Tests.Support;

/// <summary>A real SQLite file in a temp folder with every repository on it, and a fake clock.</summary>
public sealed class StorageFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public StorageFixture()
        : this(SqliteSchema.Migrations)
    {
    }

    internal StorageFixture(IReadOnlyList<SchemaMigration> migrations)
    {
        DatabasePath = _directory.File("gateway.db");
        Database = new SqliteDatabase(ConnectionString, migrations, Time, NullLogger.Instance);
        Calls = new SqliteCallRepository(Database);
        Recordings = new SqliteRecordingRepository(Database);
        Events = new SqliteEventBatchStore(Database);
        Topology = new SqliteTopologyRepository(Database, Time);
        Duty = new SqliteDutyRepository(Database);
        Alerts = new SqliteAlertRepository(Database);
        Audit = new SqliteAuditLog(Database);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));

    public string Folder => _directory.Path;

    public string DatabasePath { get; }

    public string ConnectionString => $"Data Source={DatabasePath}";

    internal SqliteDatabase Database { get; }

    internal SqliteCallRepository Calls { get; }

    internal SqliteRecordingRepository Recordings { get; }

    internal SqliteEventBatchStore Events { get; }

    internal SqliteTopologyRepository Topology { get; }

    internal SqliteDutyRepository Duty { get; }

    internal SqliteAlertRepository Alerts { get; }

    internal SqliteAuditLog Audit { get; }

    /// <summary>Runs one scalar query on a separate connection (what an operator's sqlite3 shell would see).</summary>
    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _directory.Dispose();
}

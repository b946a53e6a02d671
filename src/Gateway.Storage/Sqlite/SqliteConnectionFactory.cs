using Microsoft.Data.Sqlite;

namespace Gateway.Storage.Sqlite;

/// <summary>
/// Opens connections to the gateway's SQLite file with the pragmas every connection needs.
/// <para>
/// Durability: WAL journal with <c>synchronous=FULL</c>. In WAL mode <c>NORMAL</c> already survives a killed process
/// (committed pages are in the OS cache), but a power cut or kernel crash can roll back the last commits. Call records
/// and the audit log are evidence, so a commit must mean "on the disk": FULL fsyncs the WAL at every commit. The cost is
/// one fsync per transaction, and the event writer commits one transaction per batch of events, so the fsync is
/// amortised over the batch (see the measured throughput in the README) instead of paid per event.
/// </para>
/// </summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;

    public SqliteConnectionFactory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException("Gateway:Storage:ConnectionString has no 'Data Source'.", nameof(connectionString));
        }

        // Pooling keeps opened connections (and their pragmas) for reuse; the pool is per connection string.
        builder.Pooling = true;
        DataSource = builder.DataSource;
        IsInMemory = DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory;
        _connectionString = builder.ToString();
    }

    /// <summary>The database file (or <c>:memory:</c>).</summary>
    public string DataSource { get; }

    public bool IsInMemory { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();

            // journal_mode is persistent in the file; synchronous, foreign_keys and busy_timeout are per connection.
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the folder of the database file, so <c>Data Source=data/gateway.db</c> works on a fresh install.</summary>
    public void EnsureDirectory()
    {
        if (IsInMemory)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}

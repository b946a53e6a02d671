using Gateway.Storage.Migrations;
using Gateway.Storage.Tests.Support;

namespace Gateway.Storage.Tests.Migrations;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task EnsureReady_FreshFile_CreatesLatestSchemaInWalMode()
    {
        using var storage = new StorageFixture();

        var version = await storage.Database.EnsureReadyAsync(CancellationToken.None);

        Assert.Equal(SqliteSchema.LatestVersion, version);
        Assert.Equal(SqliteSchema.LatestVersion, await storage.ScalarAsync<long>("SELECT MAX(version) FROM schema_version;"));
        Assert.Equal("wal", await storage.ScalarAsync<string>("PRAGMA journal_mode;"));
        Assert.Equal(2L, await storage.ScalarAsync<long>("PRAGMA synchronous;")); // 2 = FULL
        foreach (var table in new[] { "talk_groups", "units", "unit_memberships", "endpoints", "patches", "calls", "transmissions", "recordings", "duty_registrations", "alerts", "alert_units", "audit_log" })
        {
            Assert.Equal(1L, await storage.ScalarAsync<long>($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';"));
        }
    }

    [Fact]
    public async Task EnsureReady_SecondStart_AppliesNothingAgain()
    {
        using var storage = new StorageFixture();
        await storage.Database.EnsureReadyAsync(CancellationToken.None);

        var again = new Gateway.Storage.Sqlite.SqliteDatabase(storage.ConnectionString, storage.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var version = await again.EnsureReadyAsync(CancellationToken.None);

        Assert.Equal(SqliteSchema.LatestVersion, version);
        Assert.Equal((long)SqliteSchema.Migrations.Count, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM schema_version;"));
    }

    [Fact]
    public async Task EnsureReady_OlderSchema_UpgradesToNewSteps()
    {
        using var storage = new StorageFixture();
        await storage.Database.EnsureReadyAsync(CancellationToken.None);
        var next = SqliteSchema.LatestVersion + 1;
        var newer = SqliteSchema.Migrations.Append(new SchemaMigration(next, "test: add a column", "ALTER TABLE calls ADD COLUMN note TEXT NULL;")).ToList();

        var upgraded = new Gateway.Storage.Sqlite.SqliteDatabase(storage.ConnectionString, newer, storage.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        Assert.Equal(next, await upgraded.EnsureReadyAsync(CancellationToken.None));
        Assert.Equal(1L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM pragma_table_info('calls') WHERE name = 'note';"));
    }

    [Fact]
    public async Task EnsureReady_DatabaseNewerThanCode_RefusesWithClearMessage()
    {
        using var storage = new StorageFixture();
        await storage.Database.EnsureReadyAsync(CancellationToken.None);
        var future = SqliteSchema.LatestVersion + 3;
        await storage.ScalarAsync<long>($"INSERT INTO schema_version (version, applied_at, description) VALUES ({future}, 0, 'from the future');");
        var callsBefore = await storage.ScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master;");

        var older = new Gateway.Storage.Sqlite.SqliteDatabase(storage.ConnectionString, storage.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var refused = await Assert.ThrowsAsync<SchemaVersionTooNewException>(() => older.EnsureReadyAsync(CancellationToken.None));

        Assert.Equal(future, refused.DatabaseVersion);
        Assert.Equal(SqliteSchema.LatestVersion, refused.SupportedVersion);
        Assert.Contains(storage.DatabasePath, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version {future}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("downgrades are refused", refused.Message, StringComparison.Ordinal);

        // Every repository call fails the same way; nothing was changed.
        var repository = new Gateway.Storage.Sqlite.SqliteCallRepository(older);
        await Assert.ThrowsAsync<SchemaVersionTooNewException>(() => repository.ListCallsAsync(new Repositories.CallQuery()));
        Assert.Equal(callsBefore, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master;"));
    }
}

using Gateway.Core.Identity;
using Gateway.Storage.Recording;
using Gateway.Storage.Repositories;
using Gateway.Storage.Sqlite;
using Gateway.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Storage.Tests.Recording;

public sealed class RetentionServiceTests
{
    private static readonly TalkGroupId Sports = new("tianhe-sports");

    [Fact]
    public async Task RunOnce_MixedAges_DeletesExactlyTheOldCallsRowsAndFiles()
    {
        using var storage = new StorageFixture();
        var options = new RecordingOptions { Directory = Path.Combine(storage.Folder, "recordings"), RetentionDays = 30 };
        var now = storage.Time.GetUtcNow();

        // Ages in days: 45 and 31 are old; 29 and 1 are kept; a 40-day-old call still open is kept; the boundary (exactly
        // 30 days) is kept (strictly older is deleted).
        var old1 = await AddCallAsync(storage, options, now.AddDays(-45), withFile: true);
        var old2 = await AddCallAsync(storage, options, now.AddDays(-31), withFile: true);
        var boundary = await AddCallAsync(storage, options, now.AddDays(-30), withFile: true);
        var recent1 = await AddCallAsync(storage, options, now.AddDays(-29), withFile: true);
        var recent2 = await AddCallAsync(storage, options, now.AddDays(-1), withFile: false);
        var openOld = await AddCallAsync(storage, options, now.AddDays(-40), withFile: false, close: false);
        var retention = new RetentionService(new SqliteRetentionStore(storage.Database), options, storage.Time, NullLogger<RetentionService>.Instance);

        var (files, calls) = await retention.RunOnceAsync();

        Assert.Equal(2, files);
        Assert.Equal(2, calls);
        foreach (var gone in new[] { old1, old2 })
        {
            Assert.Null(await storage.Calls.GetCallAsync(gone.Call));
            Assert.Null(await storage.Recordings.GetAsync(gone.Call));
            Assert.False(File.Exists(RecordingPaths.Full(options.Directory, gone.Path)));
            Assert.False(Directory.Exists(Path.GetDirectoryName(RecordingPaths.Full(options.Directory, gone.Path))), "emptied day folder removed");
        }

        foreach (var kept in new[] { boundary, recent1 })
        {
            Assert.NotNull(await storage.Calls.GetCallAsync(kept.Call));
            Assert.True(File.Exists(RecordingPaths.Full(options.Directory, kept.Path)));
        }

        Assert.NotNull(await storage.Calls.GetCallAsync(recent2.Call));
        Assert.NotNull(await storage.Calls.GetCallAsync(openOld.Call));
        Assert.Equal(4L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM calls;"));
        Assert.Equal(0L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM transmissions WHERE call_id NOT IN (SELECT id FROM calls);"));
        Assert.Equal(0L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM recording_segments WHERE call_id NOT IN (SELECT call_id FROM recordings);"));
        Assert.True(Directory.Exists(options.Directory));

        // Running again changes nothing.
        Assert.Equal((0, 0), await retention.RunOnceAsync());
    }

    [Fact]
    public async Task Timer_FakeClockPassesRetention_OldCallDeletedByTheHourlyJob()
    {
        using var storage = new StorageFixture();
        var options = new RecordingOptions { Directory = Path.Combine(storage.Folder, "recordings"), RetentionDays = 2 };
        var call = await AddCallAsync(storage, options, storage.Time.GetUtcNow(), withFile: true);
        await using var retention = new RetentionService(new SqliteRetentionStore(storage.Database), options, storage.Time, NullLogger<RetentionService>.Instance);
        await retention.StartAsync(CancellationToken.None);
        await Wait.UntilAsync(() => retention.Runs >= 1, because: "the run at start");
        Assert.NotNull(await storage.Calls.GetCallAsync(call.Call));

        // Two days and one hour later the hourly job has removed it.
        storage.Time.Advance(TimeSpan.FromDays(2));
        storage.Time.Advance(RetentionService.Interval);
        await Wait.UntilAsync(async () => await storage.Calls.GetCallAsync(call.Call) is null, because: "the hourly run deleted the call");
        Assert.False(File.Exists(RecordingPaths.Full(options.Directory, call.Path)));
    }

    [Fact]
    public async Task RunOnce_RetentionZero_KeepsEverything()
    {
        using var storage = new StorageFixture();
        var options = new RecordingOptions { Directory = Path.Combine(storage.Folder, "recordings"), RetentionDays = 0 };
        var call = await AddCallAsync(storage, options, storage.Time.GetUtcNow().AddDays(-3650), withFile: true);
        var retention = new RetentionService(new SqliteRetentionStore(storage.Database), options, storage.Time, NullLogger<RetentionService>.Instance);

        Assert.Equal((0, 0), await retention.RunOnceAsync());
        Assert.NotNull(await storage.Calls.GetCallAsync(call.Call));
    }

    private static async Task<(CallId Call, string Path)> AddCallAsync(StorageFixture storage, RecordingOptions options, DateTimeOffset start, bool withFile, bool close = true)
    {
        var script = new CallScript(Sports, start);
        var grant = script.Grant(CallScript.Talker("radio-1", "patrol-3"), Core.Floor.Priority.Normal, start);
        if (close)
        {
            script.Release(grant, start.AddSeconds(2));
            script.End(start.AddSeconds(5));
        }

        await storage.Events.WriteBatchAsync(script.Events);
        var relative = RecordingPaths.Relative(start, Sports, script.Call);
        if (withFile)
        {
            var full = RecordingPaths.Full(options.Directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllBytesAsync(full, [1, 2, 3]);
            await storage.Recordings.RecordingCompletedAsync(new RecordingInfo(
                script.Call, Sports, relative, start, start.AddSeconds(5), TimeSpan.FromSeconds(2), 3, true,
                [new RecordingSegment(1, new EndpointId("radio-1"), new UnitId("patrol-3"), "patrol-3", start, TimeSpan.Zero, TimeSpan.FromSeconds(2))]));
        }

        return (script.Call, relative);
    }
}

using Gateway.Storage.Repositories;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Storage.Recording;

/// <summary>
/// Deletes recordings, calls and transmissions older than <see cref="RecordingOptions.RetentionDays"/> (by call start),
/// at start and then hourly on the injected <see cref="TimeProvider"/>. Files go first, then rows in one transaction, so
/// a crash in between leaves rows whose file is gone (GetRecording answers "not found"), never an unindexed file.
/// Open calls are never deleted. <c>RetentionDays = 0</c> keeps everything. Audit, duty and alert rows are not touched.
/// </summary>
public sealed partial class RetentionService : IHostedService, IAsyncDisposable
{
    /// <summary>How often the job runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly IRetentionStore _store;
    private readonly RecordingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionService> _logger;
    private readonly SemaphoreSlim _running = new(1, 1);
    private ITimer? _timer;
    private int _disposed;

    public RetentionService(IRetentionStore store, RecordingOptions options, TimeProvider time, ILogger<RetentionService> logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completed runs (for tests and diagnostics).</summary>
    public int Runs { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.RetentionDays > 0)
        {
            _timer = _time.CreateTimer(static s => _ = ((RetentionService)s!).RunFromTimerAsync(), this, TimeSpan.Zero, Interval);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
            _timer = null;
        }

        // Let a run in progress finish its transaction.
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        _running.Release();
    }

    public async ValueTask DisposeAsync()
    {
        // The container may hold this instance twice (as itself and as IHostedService).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _running.Dispose();
    }

    /// <summary>Deletes everything older than the retention period now; returns (files deleted, calls deleted).</summary>
    public async Task<(int Files, int Calls)> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (_options.RetentionDays <= 0)
        {
            return (0, 0);
        }

        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cutoff = _time.GetUtcNow() - TimeSpan.FromDays(_options.RetentionDays);
            var files = 0;
            foreach (var recording in await _store.ListRecordingsStartedBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false))
            {
                var path = RecordingPaths.Full(_options.Directory, recording.RelativePath);
                try
                {
                    if (File.Exists(path))
                    {
                        File.Delete(path);
                        files++;
                    }

                    DeleteEmptyParents(Path.GetDirectoryName(path));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogDeleteFailed(_logger, ex, path);
                }
            }

            var calls = await _store.DeleteStartedBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
            Runs++;
            if (files > 0 || calls > 0)
            {
                LogDeleted(_logger, files, calls, cutoff);
            }

            return (files, calls);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task RunFromTimerAsync()
    {
        try
        {
            await RunOnceAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRunFailed(_logger, ex);
        }
    }

    /// <summary>Removes the emptied day/month/year folders (never the recording root).</summary>
    private void DeleteEmptyParents(string? directory)
    {
        var root = Path.GetFullPath(_options.Directory).TrimEnd(Path.DirectorySeparatorChar);
        while (directory is not null
            && directory.Length > root.Length
            && directory.StartsWith(root, StringComparison.Ordinal)
            && Directory.Exists(directory)
            && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
            directory = Path.GetDirectoryName(directory);
        }
    }

    [LoggerMessage(EventId = 9030, Level = LogLevel.Information, Message = "Retention: deleted {Files} recording(s) and {Calls} call(s) started before {Cutoff:O}")]
    private static partial void LogDeleted(ILogger logger, int files, int calls, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 9031, Level = LogLevel.Warning, Message = "Retention: could not delete {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 9032, Level = LogLevel.Error, Message = "Retention run failed; retrying at the next interval")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}

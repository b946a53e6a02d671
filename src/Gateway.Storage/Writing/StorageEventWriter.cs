using Gateway.Core.Events;
using Gateway.Storage.Repositories;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Storage.Writing;

/// <summary>
/// Persists call, transmission, duty and patch events. The queue is the event bus subscription: bounded, and the
/// publisher (floor control, the media path's control side) never waits for it; when the disk is slower than the events
/// the subscription drops its own oldest events and counts them. Events are written in batches, one transaction per
/// batch, so a crash loses at most the batch in flight; at shutdown the queue is drained. At start, calls the previous
/// process left open are closed with reason <c>gateway_restart</c> before any new event is written.
/// <para>Register storage before the core so it starts first (nothing is missed) and stops last (the core's final events are drained).</para>
/// </summary>
public sealed partial class StorageEventWriter : IHostedService, IAsyncDisposable
{
    /// <summary>Queue capacity in events: minutes of heavy floor traffic (each transmission is two or three events).</summary>
    public const int QueueCapacity = 16_384;

    /// <summary>Largest batch per transaction: bounds the loss on a crash and the lock time of one commit.</summary>
    public const int MaxBatch = 512;

    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    private readonly IEventBus _bus;
    private readonly IEventBatchStore _store;
    private readonly ICallRepository _calls;
    private readonly TimeProvider _time;
    private readonly ILogger<StorageEventWriter> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private IEventSubscription? _subscription;
    private Task? _loop;
    private int _disposed;
    private long _written;
    private long _batches;
    private long _failed;

    public StorageEventWriter(IEventBus bus, IEventBatchStore store, ICallRepository calls, TimeProvider time, ILogger<StorageEventWriter> logger)
    {
        _bus = bus;
        _store = store;
        _calls = calls;
        _time = time;
        _logger = logger;
    }

    /// <summary>Events committed to the database (acknowledged).</summary>
    public long EventsWritten => Interlocked.Read(ref _written);

    /// <summary>Transactions committed.</summary>
    public long BatchesWritten => Interlocked.Read(ref _batches);

    /// <summary>Events lost because the queue was full (the disk could not keep up).</summary>
    public long EventsDropped => _subscription?.Dropped ?? 0;

    /// <summary>Events lost because their batch failed after every retry.</summary>
    public long EventsFailed => Interlocked.Read(ref _failed);

    /// <summary>True for the events this writer stores (the subscription filter: a type test on the publisher's thread).</summary>
    public static bool IsStored(GatewayEvent gatewayEvent) =>
        gatewayEvent is CallStarted or FloorGranted or FloorReleased or FloorRevoked or CallEnded or UnitDutyChanged or PatchChanged;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Migrations run on the first repository call; a too-new schema surfaces here and stops the host (exit 2).
        var closed = await _calls.CloseOpenCallsAsync(cancellationToken).ConfigureAwait(false);
        if (closed > 0)
        {
            LogClosedOpenCalls(_logger, closed);
        }

        _subscription = _bus.Subscribe("storage", QueueCapacity, IsStored);
        _loop = Task.Run(() => RunAsync(_subscription, _stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        LogStopped(_logger, EventsWritten, BatchesWritten, EventsDropped, EventsFailed);
    }

    public async ValueTask DisposeAsync()
    {
        // The container may hold this instance twice (as itself and as IHostedService).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_loop is not null && !_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _subscription?.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(IEventSubscription subscription, CancellationToken stopping)
    {
        var reader = subscription.Reader;
        var batch = new List<GatewayEvent>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                await DrainAsync(reader, batch).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown: write what is queued, then stop.
            await DrainAsync(reader, batch).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(System.Threading.Channels.ChannelReader<GatewayEvent> reader, List<GatewayEvent> batch)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                return;
            }

            await WriteAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(List<GatewayEvent> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // Not cancelled by shutdown: a batch taken from the queue is committed or counted as failed, never abandoned.
                await _store.WriteBatchAsync(batch, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Add(ref _written, batch.Count);
                Interlocked.Increment(ref _batches);
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (attempt >= RetryDelays.Length)
                {
                    Interlocked.Add(ref _failed, batch.Count);
                    LogBatchLost(_logger, ex, batch.Count);
                    return;
                }

                LogBatchRetry(_logger, ex, batch.Count, attempt + 1);
                await Task.Delay(RetryDelays[attempt], _time).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 9010, Level = LogLevel.Warning, Message = "Storage: closed {Count} call(s) left open by the previous run with reason gateway_restart")]
    private static partial void LogClosedOpenCalls(ILogger logger, int count);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Warning, Message = "Storage: writing a batch of {Count} events failed (attempt {Attempt}); retrying")]
    private static partial void LogBatchRetry(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Error, Message = "Storage: a batch of {Count} events could not be written and is lost")]
    private static partial void LogBatchLost(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 9013, Level = LogLevel.Information, Message = "Storage writer stopped: {Written} events in {Batches} transactions, {Dropped} dropped (queue full), {Failed} failed")]
    private static partial void LogStopped(ILogger logger, long written, long batches, long dropped, long failed);
}

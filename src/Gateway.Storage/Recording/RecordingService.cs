using System.Threading.Channels;
using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Storage.Repositories;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Storage.Recording;

/// <summary>
/// Records every call of the groups whose <c>Record</c> flag is set, one Ogg Opus file per call.
/// <para>
/// Frames arrive from the router through <see cref="RecorderEndpoint.Deliver"/> into a bounded queue (a full queue drops
/// and counts frames; the router never waits). Call and group events enter the same queue on the publisher's thread
/// (through the subscription filter, which only does a non-blocking TryWrite), so the queue holds events and frames in
/// the order they happened: a grant before its frames, a call's last frame before its <see cref="CallEnded"/>.
/// One task handles the queue. A call's file is opened at its first frame and completed at its CallEnded. As a safety
/// net, the first frame of each transmission is checked against the floor's current call, and frames with no known
/// call wait in a short per-group list.
/// </para>
/// <para>
/// Disk-space guard: below <see cref="RecordingOptions.MinFreeMegabytes"/> (checked at every file open and every 10 s)
/// recording stops — open files are completed, new frames dropped — and <c>recording</c> reports Degraded (the health
/// registry publishes the event); it resumes by itself when space is back.
/// </para>
/// </summary>
public sealed partial class RecordingService : IHostedService, IAsyncDisposable
{
    public const string HealthComponent = "recording";

    /// <summary>Queue capacity: 3,000 frames = 60 s of audio for one group; a stalled disk drops frames beyond that.</summary>
    public const int QueueCapacity = 3_000;

    private const int MaxPendingPerGroup = 500;

    /// <summary>Room kept in the queue for events when frames have filled their share.</summary>
    private const int EventHeadroom = 1_024;
    private static readonly TimeSpan DiskCheckInterval = TimeSpan.FromSeconds(10);

    private readonly ISwitchboard _switchboard;
    private readonly IEventBus _bus;
    private readonly ICodecFactory _codecs;
    private readonly IHealthRegistry _health;
    private readonly IRecordingRepository _recordings;
    private readonly RecordingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RecordingService> _logger;
    private readonly Channel<RecorderItem> _queue;
    private readonly RecorderEndpoint _endpoint;
    private readonly Dictionary<TalkGroupId, GroupRecordingState> _groups = [];
    private readonly HashSet<TalkGroupId> _attached = [];
    private readonly CancellationTokenSource _stopping = new();
    private IEventSubscription? _subscription;
    private ITimer? _diskTimer;
    private Task? _worker;
    private volatile bool _diskLow;
    private int _disposed;
    private long _dropped;
    private long _eventsLost;
    private long _handled;
    private long _completed;
    private long _failed;

    public RecordingService(
        ISwitchboard switchboard,
        IEventBus bus,
        ICodecFactory codecs,
        IHealthRegistry health,
        IRecordingRepository recordings,
        RecordingOptions options,
        TimeProvider time,
        ILogger<RecordingService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _switchboard = switchboard;
        _bus = bus;
        _codecs = codecs;
        _health = health;
        _recordings = recordings;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<RecorderItem>(new BoundedChannelOptions(QueueCapacity + EventHeadroom)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _endpoint = new RecorderEndpoint(this, options.OpusBitrate);
    }

    /// <summary>The recorder's endpoint id in the switchboard.</summary>
    public static EndpointId EndpointId => RecorderEndpoint.RecorderId;

    /// <summary>Frames dropped (queue full, recording stopped by the disk guard, or no call to put them in).</summary>
    public long FramesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Events that found the queue full (recording of those calls may be incomplete).</summary>
    public long EventsLost => Interlocked.Read(ref _eventsLost);

    /// <summary>Recordings completed since start.</summary>
    public long RecordingsCompleted => Interlocked.Read(ref _completed);

    /// <summary>Recordings abandoned because of an I/O error.</summary>
    public long RecordingsFailed => Interlocked.Read(ref _failed);

    /// <summary>Frames the recorder's task has finished with (written, or dropped after queueing).</summary>
    public long FramesHandled => Interlocked.Read(ref _handled);

    /// <summary>Frames and events waiting for the recorder's task.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>True while the disk-space guard has stopped recording.</summary>
    public bool StoppedForDiskSpace => _diskLow;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.Directory);
        var recovered = await RecordingRecovery.RecoverAsync(_recordings, _options.Directory, _time, cancellationToken).ConfigureAwait(false);
        if (recovered > 0)
        {
            LogRecovered(_logger, recovered);
        }

        // The filter is the hand-over: it queues the event next to the frames, in order, and keeps nothing in the
        // subscription's own channel.
        _subscription = _bus.Subscribe("recording", 1, e =>
        {
            if (e is CallStarted or FloorGranted or CallEnded or TalkGroupChanged && !_queue.Writer.TryWrite(new RecorderItem(null, e)))
            {
                Interlocked.Increment(ref _eventsLost);
            }

            return false;
        });
        foreach (var group in _switchboard.TalkGroups)
        {
            if (group.Settings.Record)
            {
                Attach(group.Settings.Id);
            }
        }

        CheckDiskSpace();
        _diskTimer = _time.CreateTimer(static s => ((RecordingService)s!).CheckDiskSpace(), this, DiskCheckInterval, DiskCheckInterval);
        _worker = Task.Run(() => RunAsync(), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_diskTimer is not null)
        {
            await _diskTimer.DisposeAsync().ConfigureAwait(false);
        }

        // From here Enqueue drops (the queue is closed); the worker drains what is queued and completes open files.
        _subscription?.Dispose();
        _queue.Writer.TryComplete();
        await _worker.WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var group in _attached)
        {
            _switchboard.Detach(EndpointId, group);
        }

        _attached.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        // The container may hold this instance twice (as itself and as IHostedService).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _subscription?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Called by the router (inside its media lock): queue or drop, never wait.</summary>
    internal void Enqueue(MediaPacket packet)
    {
        if (_diskLow || _queue.Reader.Count >= QueueCapacity || !_queue.Writer.TryWrite(new RecorderItem(packet, null)))
        {
            Interlocked.Increment(ref _dropped);
            packet.Release();
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    if (item.Packet is { } packet)
                    {
                        await HandlePacketAsync(packet).ConfigureAwait(false);
                    }
                    else if (item.Event is { } gatewayEvent)
                    {
                        await HandleEventAsync(gatewayEvent).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogLoopError(_logger, ex);
                }
            }
        }

        // Shutdown: whatever is still open is completed as it stands.
        foreach (var state in _groups.Values)
        {
            ReleasePending(state);
            if (state.Recording is not null)
            {
                await CompleteAsync(state).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleEventAsync(GatewayEvent gatewayEvent)
    {
        switch (gatewayEvent)
        {
            case CallStarted started:
                await BeginCallAsync(started.Group, started.Call, started.Time).ConfigureAwait(false);
                break;

            case FloorGranted granted:
                var state = await BeginCallAsync(granted.Group, granted.Grant.Call, granted.Grant.GrantedAt).ConfigureAwait(false);
                if (!state.GrantedAt.TryGetValue(granted.Grant.Talker, out var times))
                {
                    times = new Queue<DateTimeOffset>();
                    state.GrantedAt.Add(granted.Grant.Talker, times);
                }

                times.Enqueue(granted.Grant.GrantedAt);
                break;

            case CallEnded ended:
                if (_groups.TryGetValue(ended.Group, out var group) && group.Call == ended.Call)
                {
                    ReleasePending(group);
                    if (group.Recording is not null)
                    {
                        await CompleteAsync(group, ended.Time).ConfigureAwait(false);
                    }

                    group.Finish(ended.Call);
                    group.Call = null;
                    group.GrantedAt.Clear();
                }

                break;

            case DiskSpaceLow:
                foreach (var open in _groups.Values)
                {
                    ReleasePending(open);
                    if (open.Recording is not null)
                    {
                        await CompleteAsync(open).ConfigureAwait(false);
                    }
                }

                break;

            case TalkGroupChanged changed:
                var info = _switchboard.FindTalkGroup(changed.Group);
                if (info?.Settings.Record == true)
                {
                    Attach(changed.Group);
                }
                else if (_attached.Remove(changed.Group) && info is not null)
                {
                    _switchboard.Detach(EndpointId, changed.Group);
                    LogDetached(_logger, changed.Group);
                }

                break;
        }
    }
}

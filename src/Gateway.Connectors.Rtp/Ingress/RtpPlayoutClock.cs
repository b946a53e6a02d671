using Gateway.Audio;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp.Ingress;

/// <summary>
/// The play-out clock shared by every RTP endpoint of a connector: one dedicated thread that, every 20 ms, lets each
/// registered endpoint release its next frame. A thread per endpoint would wake 50 times a second per idle endpoint
/// (the load harness measured about 1.3 cores per 1,000 idle endpoints); one clock costs one wake-up per tick, and an
/// idle endpoint's tick is a field read. It runs on a dedicated thread rather than a timer because a thread-pool
/// timer is late by tens of milliseconds on a busy machine, and every late tick is audio delay.
/// </summary>
internal sealed partial class RtpPlayoutClock : IDisposable
{
    private static readonly TimeSpan Period = AudioFormat.FrameDuration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _membership = new();
    private readonly object _cycle = new(); // held while one tick runs through the endpoints
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Action> _members = []; // under _membership
    private int _membershipVersion; // bumped under _membership on every change
    private Action[] _tickers = []; // the clock thread's copy of _members, refreshed when the version moved
    private int _tickersVersion;
    private Thread? _thread;
    private long _lateTicks;

    public RtpPlayoutClock(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Ticks that ran more than one period late (the loop caught up).</summary>
    public long LateTicks => Interlocked.Read(ref _lateTicks);

    /// <summary>Starts ticking <paramref name="tick"/> every 20 ms (the thread starts with the first registration).</summary>
    public void Add(Action tick)
    {
        lock (_membership)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);

            // The clock thread copies the list at its next tick: adding 10,000 endpoints one by one copies it a few
            // hundred times instead of 10,000 times.
            _members.Add(tick);
            _membershipVersion++;
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "rtp-playout", Priority = ThreadPriority.AboveNormal };
                _thread.Start();
            }
        }
    }

    /// <summary>Stops ticking <paramref name="tick"/>; returns once a tick in progress has finished, so the caller may tear down.</summary>
    public void Remove(Action tick)
    {
        lock (_membership)
        {
            _members.Remove(tick);
            _membershipVersion++;
        }

        lock (_cycle)
        {
            // Entering the cycle lock waits for a tick that may still be running the removed ticker; a tick starting
            // after the change above copies the list first and no longer sees it.
        }
    }

    public void Dispose()
    {
        Thread? thread;
        lock (_membership)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            thread = _thread;
        }

        thread?.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }

    private void Run()
    {
        // One frame per 20 ms of elapsed time; a late wake-up is caught up (up to 5 frames) so the output keeps
        // real-time pace.
        var start = _time.GetTimestamp();
        long ticks = 0;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var due = (long)(_time.GetElapsedTime(start) / Period);
            if (due - ticks > 1)
            {
                Interlocked.Increment(ref _lateTicks);
            }

            if (due - ticks > 5)
            {
                ticks = due - 5;
            }

            while (ticks < due)
            {
                ticks++;
                lock (_cycle)
                {
                    RefreshTickers();
                    foreach (var tick in _tickers)
                    {
                        tick(); // each endpoint catches and logs its own faults
                    }
                }
            }

            var wait = ((ticks + 1) * Period) - _time.GetElapsedTime(start);
            token.WaitHandle.WaitOne(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
        }

        LogStopped(_logger);
    }

    /// <summary>Takes a new copy of the members when they changed since the last tick (clock thread, under the cycle lock).</summary>
    private void RefreshTickers()
    {
        if (Volatile.Read(ref _membershipVersion) == _tickersVersion)
        {
            return;
        }

        lock (_membership)
        {
            _tickers = [.. _members];
            _tickersVersion = _membershipVersion;
        }
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Debug, Message = "RTP play-out clock stopped")]
    private static partial void LogStopped(ILogger logger);
}

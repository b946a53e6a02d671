using System.Diagnostics;

namespace Gateway.LoadTest;

/// <summary>Real-time pacing of all talkers on one thread: every 20 ms each talker sends its next frame.</summary>
internal sealed class TalkerClock : IDisposable
{
    private readonly IReadOnlyList<Talker> _talkers;
    private readonly Thread _thread;
    private volatile bool _stop;

    private readonly Func<long, int>? _schedule;
    private long _tick;

    /// <param name="talkers">Talkers sending every tick.</param>
    /// <param name="schedule">Optional turn-taking (churn): for tick n, -1 = silence, 0 = first source, 1 = second source.</param>
    public TalkerClock(IReadOnlyList<Talker> talkers, Func<long, int>? schedule = null)
    {
        _talkers = talkers;
        _schedule = schedule;
        _thread = new Thread(Run) { IsBackground = true, Name = "talkers", Priority = ThreadPriority.Highest };
    }

    /// <summary>Ticks that started more than 5 ms late (the harness itself was starved of CPU).</summary>
    public long LateTicks { get; private set; }

    public void Start() => _thread.Start();

    public void Stop()
    {
        _stop = true;
        _thread.Join();
    }

    public void Dispose() => Stop();

    private void Run()
    {
        var period = Stopwatch.Frequency / 50;
        var next = Stopwatch.GetTimestamp();
        while (!_stop)
        {
            var now = Stopwatch.GetTimestamp();
            var wait = next - now;
            if (wait > 0)
            {
                // Sleep most of the way, spin the last stretch: Thread.Sleep alone overshoots by up to a millisecond or more.
                var ms = (int)(wait * 1000 / Stopwatch.Frequency);
                if (ms >= 2)
                {
                    Thread.Sleep(ms - 1);
                }
                else
                {
                    Thread.SpinWait(50);
                }

                continue;
            }

            if (-wait > Stopwatch.Frequency / 200)
            {
                LateTicks++;
            }

            var via = _schedule?.Invoke(_tick++) ?? 0;
            if (via >= 0)
            {
                foreach (var talker in _talkers)
                {
                    talker.SendNext(via == 1);
                }
            }

            next += period;
        }
    }
}

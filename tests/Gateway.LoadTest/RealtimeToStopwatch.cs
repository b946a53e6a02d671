using System.Diagnostics;

namespace Gateway.LoadTest;

/// <summary>
/// Maps CLOCK_REALTIME nanoseconds (kernel receive stamps) onto Stopwatch ticks (CLOCK_MONOTONIC, the talkers' send
/// times). The offset is re-measured at most every 100 ms (two clock reads a few nanoseconds apart), so clock slewing
/// over a long soak does not accumulate.
/// </summary>
internal sealed class RealtimeToStopwatch
{
    private long _offsetNs;
    private long _measuredAt;
    private bool _measured;

    public void Refresh()
    {
        var now = Stopwatch.GetTimestamp();
        if (_measured && now - _measuredAt < Stopwatch.Frequency / 10)
        {
            return;
        }

        var before = Stopwatch.GetTimestamp();
        var realtimeNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        var after = Stopwatch.GetTimestamp();
        var monotonicNs = (long)((before + after) / 2 * (1e9 / Stopwatch.Frequency));
        _offsetNs = realtimeNs - monotonicNs;
        _measuredAt = after;
        _measured = true;
    }

    public long ToStopwatch(long realtimeNs) => (long)((realtimeNs - _offsetNs) * (Stopwatch.Frequency / 1e9));
}

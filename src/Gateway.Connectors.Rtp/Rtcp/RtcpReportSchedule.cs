namespace Gateway.Connectors.Rtp.Rtcp;

/// <summary>
/// When an endpoint's next RTCP report is due (RFC 3550 §6.2): about every 5 s, each interval randomised to 0.5..1.5 of
/// it so endpoints started together do not report in step, the first after half an interval. The endpoint asks on
/// every play-out tick, which it already runs every 20 ms: a per-endpoint timer would wake a pool thread for each report
/// and allocate for each wait, which at thousands of idle endpoints was most of the gateway's idle CPU.
/// </summary>
internal sealed class RtcpReportSchedule
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private long _due;

    /// <param name="time">The clock the play-out tick reads.</param>
    /// <param name="random">A uniform value in [0, 1) per interval (tests pass a fixed one).</param>
    public RtcpReportSchedule(TimeProvider time, Func<double>? random = null)
    {
        _time = time;
        _random = random ?? Random.Shared.NextDouble;
        _due = _time.GetTimestamp() + Randomised(Interval / 2);
    }

    /// <summary>True once per interval: when <paramref name="now"/> (a <see cref="TimeProvider.GetTimestamp"/> value)
    /// has reached the due time; the next report is then scheduled from now.</summary>
    public bool TryTakeDue(long now)
    {
        if (now < _due)
        {
            return false;
        }

        _due = now + Randomised(Interval);
        return true;
    }

    private long Randomised(TimeSpan interval) =>
        (long)(interval.TotalSeconds * (0.5 + _random()) * _time.TimestampFrequency);
}

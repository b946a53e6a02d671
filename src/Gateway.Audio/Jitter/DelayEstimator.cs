namespace Gateway.Audio.Jitter;

/// <summary>
/// Measures network delay variation and derives the target play-out delay. Transit = arrival − media time;
/// the floor of the transit is the fastest path, and the excursion above it is the jitter a buffer must absorb.
/// The peak excursion rises at once (a spike protects the next ones) and decays over ~10 s of packets.
/// </summary>
internal sealed class DelayEstimator
{
    /// <summary>The transit floor may rise by 1000 ppm of media time: sender clock drift is not jitter.</summary>
    private const long DriftAllowanceDivisor = 1_000;

    private readonly long _min;
    private readonly long _max;
    private readonly long _margin;
    private long _minTransit;
    private bool _hasFloor;
    private long _lastTs;
    private long _lastTransit;
    private double _peak;
    private double _jitter;

    public DelayEstimator(JitterBufferOptions options)
    {
        _min = options.MinDelay.Ticks;
        _max = options.MaxDelay.Ticks;
        _margin = options.JitterMargin.Ticks;
        Target = _min;
    }

    /// <summary>Target delay in TimeSpan ticks.</summary>
    public long Target { get; private set; }

    /// <summary>RFC 3550 jitter in TimeSpan ticks.</summary>
    public long Jitter => (long)_jitter;

    public long MinTransit => _minTransit;

    public bool HasFloor => _hasFloor;

    public static long MediaTicks(long ts48) => ts48 * 625 / 3;

    /// <summary>A new talk spurt re-anchors the transit floor (timestamps may jump); the jitter history stays.</summary>
    public void ResetSpurt() => _hasFloor = false;

    public void Observe(long arrivalTicks, long ts48)
    {
        var transit = arrivalTicks - MediaTicks(ts48);
        if (!_hasFloor)
        {
            _minTransit = transit;
            _lastTransit = transit;
            _lastTs = ts48;
            _hasFloor = true;
        }
        else
        {
            var allowance = Math.Max(0, MediaTicks(ts48 - _lastTs)) / DriftAllowanceDivisor;
            _minTransit = Math.Min(transit, _minTransit + allowance);
            _lastTs = Math.Max(_lastTs, ts48);
            _jitter += (Math.Abs(transit - _lastTransit) - _jitter) / 16;
            _lastTransit = transit;
        }

        double excursion = transit - _minTransit;
        _peak = excursion > _peak ? excursion : _peak + ((excursion - _peak) / 512);
        Target = Math.Clamp((long)_peak + _margin, _min, _max);
    }
}

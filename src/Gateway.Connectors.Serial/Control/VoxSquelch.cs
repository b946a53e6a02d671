namespace Gateway.Connectors.Serial.Control;

/// <summary>
/// Method <c>vox</c>: squelch from audio energy, for radios without a COS output. A frame whose RMS level is above the
/// threshold opens it; it stays open for the hang time after the last loud frame (speech has gaps between words).
/// Attack is the gate's debounce/minimum-open time. Fed from the capture thread, sampled from the poll timer.
/// </summary>
internal sealed class VoxSquelch : ISquelchDetector
{
    private readonly double _thresholdRms;
    private readonly long _hangMs;
    private readonly TimeProvider _time;
    private long _lastLoud = long.MinValue;
    private volatile bool _open;

    public VoxSquelch(double thresholdDbfs, int hangMs, TimeProvider time)
    {
        _thresholdRms = Math.Pow(10, thresholdDbfs / 20);
        _hangMs = hangMs;
        _time = time;
    }

    public string Method => "vox";

    /// <summary>Level of the last frame in dBFS (for commissioning logs).</summary>
    public double LastLevelDb { get; private set; } = -120;

    public void Process(ReadOnlySpan<float> frame)
    {
        double sum = 0;
        foreach (var s in frame)
        {
            sum += s * s;
        }

        var rms = frame.IsEmpty ? 0 : Math.Sqrt(sum / frame.Length);
        LastLevelDb = rms > 0 ? 20 * Math.Log10(rms) : -120;
        var now = _time.GetTimestamp();
        if (rms >= _thresholdRms)
        {
            _lastLoud = now;
            _open = true;
        }
        else if (_open && _time.GetElapsedTime(_lastLoud, now).TotalMilliseconds >= _hangMs)
        {
            _open = false;
        }
    }

    public bool Sample() => _open;
}

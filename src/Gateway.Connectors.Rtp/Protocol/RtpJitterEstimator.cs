namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>Interarrival jitter of RFC 3550 appendix A.8, in timestamp units.</summary>
public sealed class RtpJitterEstimator
{
    private long _lastTransit;
    private bool _hasTransit;
    private double _jitter;

    /// <summary>The current estimate in timestamp units (what an RTCP report block carries).</summary>
    public uint Jitter => (uint)_jitter;

    /// <summary>The current estimate in milliseconds for a payload clock of <paramref name="clockRate"/> Hz.</summary>
    public double JitterMilliseconds(int clockRate) => _jitter * 1000.0 / clockRate;

    /// <summary>Feeds one packet: its arrival time converted to timestamp units, and its RTP timestamp.</summary>
    public void Update(long arrivalInTimestampUnits, uint rtpTimestamp)
    {
        // Transit differences are taken modulo 2^32 so timestamp wrap does not produce a spike.
        var transit = unchecked((uint)arrivalInTimestampUnits - rtpTimestamp);
        if (_hasTransit)
        {
            var d = Math.Abs((long)unchecked((int)(transit - (uint)_lastTransit)));
            _jitter += (d - _jitter) / 16.0;
        }

        _lastTransit = transit;
        _hasTransit = true;
    }

    public void Reset()
    {
        _hasTransit = false;
        _jitter = 0;
    }
}

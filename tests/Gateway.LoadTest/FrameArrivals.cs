namespace Gateway.LoadTest;

/// <summary>
/// When each frame arrived at one pass-through PCMU listener of a group (preallocated; written by the receive thread).
/// The gateway sends a group's PCMU and transcoded Opus copies of a frame in the same routing call, so the PCMU frame
/// that arrived nearest in time to a transcoded packet is within a frame or two of that packet's frame, whatever the
/// gateway's delay: <see cref="TranscodedResolver"/> uses it to pick the right one of the frames sharing a tone.
/// </summary>
internal sealed class FrameArrivals
{
    private readonly long[] _arrivals;
    private readonly long[] _frames;

    public FrameArrivals(int capacity)
    {
        _arrivals = new long[capacity];
        _frames = new long[capacity];
    }

    public int Count { get; private set; }

    public void Add(long arrival, long frame)
    {
        if (Count < _arrivals.Length)
        {
            _arrivals[Count] = arrival;
            _frames[Count++] = frame;
        }
    }

    /// <summary>The frame that arrived nearest to <paramref name="arrival"/>, or -1 when none arrived within <paramref name="tolerance"/> (Stopwatch ticks).</summary>
    public long NearestFrame(long arrival, long tolerance)
    {
        // Arrivals only grow (one socket's kernel stamps): binary search for the first one not before the instant.
        int low = 0, high = Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_arrivals[middle] < arrival)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var best = -1;
        if (low < Count)
        {
            best = low;
        }

        if (low > 0 && (best < 0 || arrival - _arrivals[low - 1] < _arrivals[best] - arrival))
        {
            best = low - 1;
        }

        return best >= 0 && Math.Abs(_arrivals[best] - arrival) <= tolerance ? _frames[best] : -1;
    }
}

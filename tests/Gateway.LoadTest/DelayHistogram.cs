namespace Gateway.LoadTest;

/// <summary>
/// Delays in 10 µs buckets up to 10 s (beyond: the last bucket). One writer (the receive thread); readers take a
/// snapshot copy, and interval figures are the difference of two snapshots, so nothing is ever reset under the writer.
/// </summary>
internal sealed class DelayHistogram
{
    private const double BucketMicroseconds = 10;
    private readonly long[] _buckets;

    public DelayHistogram(int bucketCount = 1_000_000) => _buckets = new long[bucketCount];

    private DelayHistogram(long[] buckets) => _buckets = buckets;

    public long Count { get; private set; }

    public void Add(double microseconds)
    {
        var index = (int)Math.Clamp(microseconds / BucketMicroseconds, 0, _buckets.Length - 1);
        _buckets[index]++;
        Count++;
    }

    public DelayHistogram Snapshot()
    {
        var copy = new DelayHistogram((long[])_buckets.Clone());
        copy.Count = copy._buckets.Sum();
        return copy;
    }

    public DelayHistogram Minus(DelayHistogram earlier)
    {
        var diff = new long[_buckets.Length];
        for (var i = 0; i < diff.Length; i++)
        {
            diff[i] = _buckets[i] - earlier._buckets[i];
        }

        var result = new DelayHistogram(diff);
        result.Count = diff.Sum();
        return result;
    }

    /// <summary>The delay in milliseconds below which <paramref name="quantile"/> of the samples lie (upper bucket edge).</summary>
    public double PercentileMs(double quantile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var target = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= target)
            {
                return (i + 1) * BucketMicroseconds / 1000.0;
            }
        }

        return _buckets.Length * BucketMicroseconds / 1000.0;
    }
}

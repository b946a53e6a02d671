namespace Gateway.Api.Tests.Support;

/// <summary>Signal comparison for audio that went through the router.</summary>
public static class Signals
{
    /// <summary>
    /// The highest normalised cross-correlation of <paramref name="received"/> against <paramref name="sent"/> over lags
    /// 0..<paramref name="maxLag"/> (the received audio may start late, never early).
    /// </summary>
    public static (double Correlation, int Lag) BestCorrelation(short[] sent, short[] received, int maxLag)
    {
        var best = double.MinValue;
        var bestLag = 0;
        for (var lag = -maxLag; lag <= maxLag; lag += 1)
        {
            double dot = 0, ea = 0, eb = 0;
            var n = Math.Min(sent.Length, received.Length - lag);
            for (var i = Math.Max(0, -lag); i < n; i++)
            {
                double a = sent[i];
                double b = received[i + lag];
                dot += a * b;
                ea += a * a;
                eb += b * b;
            }

            var c = ea > 0 && eb > 0 ? dot / Math.Sqrt(ea * eb) : 0;
            if (c > best)
            {
                best = c;
                bestLag = lag;
            }
        }

        return (best, bestLag);
    }

    /// <summary>Removes leading and trailing silence (|x| below a threshold) so durations compare speech to speech.</summary>
    public static (int Start, int End) ActiveRange(short[] samples, short threshold = 200)
    {
        var start = 0;
        while (start < samples.Length && Math.Abs((int)samples[start]) < threshold)
        {
            start++;
        }

        var end = samples.Length;
        while (end > start && Math.Abs((int)samples[end - 1]) < threshold)
        {
            end--;
        }

        return (start, end);
    }
}

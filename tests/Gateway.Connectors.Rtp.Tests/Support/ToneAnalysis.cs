namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>Measures a sine tone in a recording: where it is, how long, its frequency and level.</summary>
internal sealed record ToneAnalysis(double StartSeconds, double DurationSeconds, double FrequencyHz, double LevelDbfs, double LongestGapSeconds)
{
    /// <summary>
    /// The tone region is where the 5 ms windowed RMS exceeds <paramref name="thresholdDbfs"/>; frequency comes from
    /// interpolated zero crossings and level from the RMS of the region's middle (edges excluded: codec ramps).
    /// </summary>
    public static ToneAnalysis Measure(ReadOnlySpan<float> samples, int sampleRate, double thresholdDbfs = -40)
    {
        var window = sampleRate / 200;
        var threshold = Math.Pow(10, thresholdDbfs / 20);
        int first = -1, last = -1;
        var longestGap = 0;
        var gapStart = -1;
        for (var w = 0; w + window <= samples.Length; w += window)
        {
            double sum = 0;
            for (var i = w; i < w + window; i++)
            {
                sum += samples[i] * samples[i];
            }

            var loud = Math.Sqrt(sum / window) >= threshold;
            if (loud)
            {
                if (first < 0)
                {
                    first = w;
                }

                if (gapStart >= 0)
                {
                    longestGap = Math.Max(longestGap, w - gapStart);
                    gapStart = -1;
                }

                last = w + window;
            }
            else if (first >= 0 && gapStart < 0)
            {
                gapStart = w;
            }
        }

        if (first < 0)
        {
            return new ToneAnalysis(0, 0, 0, double.NegativeInfinity, 0);
        }

        // Measure frequency and level away from the edges.
        var margin = Math.Min((last - first) / 4, sampleRate / 10);
        var a = first + margin;
        var b = last - margin;
        double firstCrossing = -1, lastCrossing = -1;
        var crossings = 0;
        double energy = 0;
        for (var i = a; i < b; i++)
        {
            energy += samples[i] * samples[i];
            if (i > a && samples[i - 1] < 0 && samples[i] >= 0)
            {
                var t = i - 1 + (samples[i - 1] / (samples[i - 1] - samples[i]));
                if (firstCrossing < 0)
                {
                    firstCrossing = t;
                }

                lastCrossing = t;
                crossings++;
            }
        }

        var frequency = crossings > 1 ? (crossings - 1) / ((lastCrossing - firstCrossing) / sampleRate) : 0;
        var level = 10 * Math.Log10(energy / Math.Max(1, b - a));
        return new ToneAnalysis((double)first / sampleRate, (double)(last - first) / sampleRate, frequency, level, (double)longestGap / sampleRate);
    }

    /// <summary>RMS level of a full-scale-relative sine of amplitude <paramref name="amplitude"/>.</summary>
    public static double SineLevelDbfs(double amplitude) => 20 * Math.Log10(amplitude / Math.Sqrt(2));
}

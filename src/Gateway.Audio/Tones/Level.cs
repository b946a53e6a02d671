namespace Gateway.Audio.Tones;

/// <summary>Level conversions. dBFS here is the peak of a sine relative to full scale (0 dBFS = amplitude 1.0).</summary>
public static class Level
{
    public static double FromDbfs(double dbfs) => Math.Pow(10, dbfs / 20);

    public static double ToDbfs(double amplitude) => amplitude <= 0 ? double.NegativeInfinity : 20 * Math.Log10(amplitude);

    /// <summary>RMS of a frame in dBFS of a sine peak (a full-scale sine reads 0 dB).</summary>
    public static double RmsDbfs(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return double.NegativeInfinity;
        }

        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        var rms = Math.Sqrt(sum / samples.Length);
        return rms <= 1e-12 ? -240 : (20 * Math.Log10(rms)) + 3.0103;
    }
}

namespace Gateway.Audio.Tests.Support;

/// <summary>Golden test signals and measurements.</summary>
internal static class Signal
{
    public static float[] Sine(double frequency, double amplitude, int samples, int sampleRate, double phase = 0)
    {
        var result = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            result[i] = (float)(amplitude * Math.Sin((2 * Math.PI * frequency * i / sampleRate) + phase));
        }

        return result;
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
    }

    public static double Db(double ratio) => 20 * Math.Log10(ratio);

    /// <summary>Amplitude of the component at <paramref name="frequency"/> (Hann-windowed DFT bin, exact frequency).</summary>
    public static double ToneAmplitude(ReadOnlySpan<float> samples, double frequency, int sampleRate)
    {
        double re = 0, im = 0, wsum = 0;
        var n = samples.Length;
        for (var i = 0; i < n; i++)
        {
            var w = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (n - 1)));
            var angle = 2 * Math.PI * frequency * i / sampleRate;
            re += samples[i] * w * Math.Cos(angle);
            im -= samples[i] * w * Math.Sin(angle);
            wsum += w;
        }

        return 2 * Math.Sqrt((re * re) + (im * im)) / wsum;
    }

    /// <summary>The frequency of the strongest component between <paramref name="low"/> and <paramref name="high"/>, 0.5 Hz steps refined.</summary>
    public static double PeakFrequency(ReadOnlySpan<float> samples, int sampleRate, double low, double high)
    {
        var best = low;
        var bestAmp = -1.0;
        for (var f = low; f <= high; f += 2)
        {
            var a = ToneAmplitude(samples, f, sampleRate);
            if (a > bestAmp)
            {
                bestAmp = a;
                best = f;
            }
        }

        for (var f = best - 2; f <= best + 2; f += 0.25)
        {
            var a = ToneAmplitude(samples, f, sampleRate);
            if (a > bestAmp)
            {
                bestAmp = a;
                best = f;
            }
        }

        return best;
    }

    public static float[] WhiteNoise(int samples, double rms, int seed)
    {
        var random = new Random(seed);
        var result = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            // Sum of uniforms approximates a Gaussian well enough for SNR tests.
            var g = 0.0;
            for (var k = 0; k < 12; k++)
            {
                g += random.NextDouble();
            }

            result[i] = (float)((g - 6) * rms);
        }

        return result;
    }
}

using Gateway.Audio;

namespace Gateway.Connectors.Mumble.Tests.Support;

/// <summary>Test signals: sine frames in, frequency estimate out.</summary>
public static class Tone
{
    public static float[] Frame(double frequency, int frameIndex, float amplitude = 0.5f)
    {
        var frame = new float[AudioFormat.FrameSamples];
        for (var i = 0; i < frame.Length; i++)
        {
            var n = (frameIndex * AudioFormat.FrameSamples) + i;
            frame[i] = amplitude * (float)Math.Sin(2 * Math.PI * frequency * n / AudioFormat.SampleRate);
        }

        return frame;
    }

    /// <summary>
    /// Frequency from interpolated rising zero crossings between the first and last one, after skipping the codec's
    /// onset. Accurate to well under 1 % for a clean tone of a few hundred milliseconds.
    /// </summary>
    public static double EstimateFrequency(IReadOnlyList<float> samples, int skip = AudioFormat.SampleRate / 10)
    {
        double? first = null;
        double last = 0;
        var crossings = 0;
        for (var i = Math.Max(1, skip); i < samples.Count; i++)
        {
            var a = samples[i - 1];
            var b = samples[i];
            if (a < 0 && b >= 0)
            {
                var t = (i - 1) + (-a / (b - a));
                first ??= t;
                last = t;
                crossings++;
            }
        }

        if (first is null || crossings < 3)
        {
            return 0;
        }

        return (crossings - 1) * AudioFormat.SampleRate / (last - first.Value);
    }

    public static double Rms(IReadOnlyList<float> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return samples.Count == 0 ? 0 : Math.Sqrt(sum / samples.Count);
    }
}

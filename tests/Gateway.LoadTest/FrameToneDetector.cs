using Gateway.Audio;

namespace Gateway.LoadTest;

/// <summary>
/// Finds <see cref="FrameTone"/>'s tone in one decoded 20 ms frame (48 kHz) with a Goertzel filter per frequency.
/// Only the frame's last 10 ms are analysed: Opus decodes 6.5 ms late (encoder look-ahead) and the 8→48 kHz resampler
/// adds up to ~1 ms, so the first ~7.5 ms of a decoded frame still carry the previous frame's tone.
/// Allocation-free; one instance per thread.
/// </summary>
internal sealed class FrameToneDetector
{
    /// <summary>Window start in samples (10 ms): 2.5 ms past the look-ahead and resampler delay.</summary>
    public const int WindowStart = 480;

    /// <summary>10 ms: whole cycles of every tone (multiples of 100 Hz), so the filter bank is orthogonal.</summary>
    public const int WindowLength = 480;

    // The tone must beat the runner-up by this power ratio (1.8 dB). Clean frames beat it by > 5x through G.711 and
    // Opus 32 kbit/s; the worst of 20,000 frames in FrameToneCheck (a weak frame right after an Opus mode switch) still
    // by 1.7x. Concealment, silence or a frame boundary inside the window give no clear winner, and such frames are
    // reported as unresolved, never guessed; a wrong winner would show as a sequence mismatch (TranscodedResolver).
    private const double MinimumRatio = 1.5;

    // A tone of amplitude 0.3 over 480 samples has Goertzel power ~(0.3 * 480 / 2)^2 ≈ 5200; a hundredth of that is
    // still a tone, below it the frame is silence.
    private const double MinimumPower = 50;

    private readonly double[] _coefficients = [.. Enumerable.Range(0, FrameTone.Cycle)
        .Select(r => 2 * Math.Cos(2 * Math.PI * FrameTone.FrequencyHz(r) / AudioFormat.SampleRate))];

    /// <summary>The frame's residue, or -1 when the window holds no clear tone.</summary>
    public int Detect(ReadOnlySpan<float> frame48k)
    {
        if (frame48k.Length < WindowStart + WindowLength)
        {
            return -1;
        }

        var window = frame48k.Slice(WindowStart, WindowLength);
        int best = -1;
        double bestPower = 0, secondPower = 0;
        for (var r = 0; r < _coefficients.Length; r++)
        {
            var power = Goertzel(window, _coefficients[r]);
            if (power > bestPower)
            {
                secondPower = bestPower;
                bestPower = power;
                best = r;
            }
            else if (power > secondPower)
            {
                secondPower = power;
            }
        }

        return bestPower >= MinimumPower && bestPower >= MinimumRatio * secondPower ? best : -1;
    }

    private static double Goertzel(ReadOnlySpan<float> samples, double coefficient)
    {
        double s1 = 0, s2 = 0;
        foreach (var x in samples)
        {
            var s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
    }
}

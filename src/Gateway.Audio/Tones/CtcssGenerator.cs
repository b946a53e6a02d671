namespace Gateway.Audio.Tones;

/// <summary>
/// A continuous CTCSS sub-audible tone mixed under transmit audio for radios that need it to open squelch.
/// Phase-continuous across frames; allocation-free.
/// </summary>
public sealed class CtcssGenerator
{
    /// <summary>The 50 common CTCSS tones (Hz).</summary>
    public static IReadOnlyList<double> StandardTones { get; } =
    [
        67.0, 69.3, 71.9, 74.4, 77.0, 79.7, 82.5, 85.4, 88.5, 91.5, 94.8, 97.4, 100.0, 103.5, 107.2, 110.9, 114.8, 118.8, 123.0, 127.3,
        131.8, 136.5, 141.3, 146.2, 151.4, 156.7, 159.8, 162.2, 165.5, 167.9, 171.3, 173.8, 177.3, 179.9, 183.5, 186.2, 189.9, 192.8,
        196.6, 199.5, 203.5, 206.5, 210.7, 218.1, 225.7, 229.1, 233.6, 241.8, 250.3, 254.1,
    ];

    private readonly double _step;
    private readonly double _amplitude;
    private double _phase;

    /// <param name="frequency">One of <see cref="StandardTones"/>.</param>
    /// <param name="sampleRate">Output rate.</param>
    /// <param name="levelDbfs">Peak level; CTCSS is sent ~15–20 dB under voice peaks.</param>
    public CtcssGenerator(double frequency, int sampleRate = AudioFormat.SampleRate, double levelDbfs = -20)
    {
        if (!StandardTones.Any(t => Math.Abs(t - frequency) < 0.05))
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Not a standard CTCSS tone (67.0-254.1 Hz list).");
        }

        Frequency = frequency;
        _step = 2 * Math.PI * frequency / sampleRate;
        _amplitude = Level.FromDbfs(levelDbfs);
    }

    public double Frequency { get; }

    /// <summary>Adds the tone onto a frame.</summary>
    public void MixInto(Span<float> frame)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] += (float)(_amplitude * Math.Sin(_phase));
            _phase += _step;
        }

        _phase %= 2 * Math.PI;
    }
}

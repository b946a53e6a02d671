namespace Gateway.Audio.Tones;

/// <summary>
/// A bank of Goertzel filters over blocks of N samples: the energy of a few known frequencies at a fraction of an
/// FFT's cost. <see cref="Energy"/> is scaled so a sine of peak amplitude A reads A²·N/2, the same scale as the
/// block's total energy Σx², so the two can be compared directly.
/// </summary>
internal sealed class GoertzelBank
{
    private readonly double[] _coefficients;
    private readonly double[] _s1;
    private readonly double[] _s2;
    private readonly double[] _energy;

    public GoertzelBank(IReadOnlyList<double> frequencies, int sampleRate, int blockSize)
    {
        BlockSize = blockSize;
        _coefficients = frequencies.Select(f => 2 * Math.Cos(2 * Math.PI * f / sampleRate)).ToArray();
        _s1 = new double[_coefficients.Length];
        _s2 = new double[_coefficients.Length];
        _energy = new double[_coefficients.Length];
    }

    public int BlockSize { get; }

    public int Count => _coefficients.Length;

    /// <summary>Samples accumulated in the current block.</summary>
    public int Position { get; private set; }

    /// <summary>Σx² of the last completed block.</summary>
    public double TotalEnergy { get; private set; }

    private double _total;

    /// <summary>Energy of filter <paramref name="index"/> in the last completed block.</summary>
    public double Energy(int index) => _energy[index];

    /// <summary>Feeds samples until the block completes; returns samples consumed (the block is complete when <see cref="Position"/> is 0 after a non-zero return equal to the rest).</summary>
    public int Feed(ReadOnlySpan<float> samples, out bool blockCompleted)
    {
        var count = Math.Min(samples.Length, BlockSize - Position);
        var coefficients = _coefficients;
        for (var k = 0; k < coefficients.Length; k++)
        {
            var c = coefficients[k];
            double s1 = _s1[k], s2 = _s2[k];
            for (var i = 0; i < count; i++)
            {
                var s0 = samples[i] + (c * s1) - s2;
                s2 = s1;
                s1 = s0;
            }

            _s1[k] = s1;
            _s2[k] = s2;
        }

        for (var i = 0; i < count; i++)
        {
            _total += (double)samples[i] * samples[i];
        }

        Position += count;
        blockCompleted = Position == BlockSize;
        if (blockCompleted)
        {
            var scale = 2.0 / BlockSize;
            for (var k = 0; k < coefficients.Length; k++)
            {
                var power = (_s1[k] * _s1[k]) + (_s2[k] * _s2[k]) - (coefficients[k] * _s1[k] * _s2[k]);
                _energy[k] = power * scale;
                _s1[k] = 0;
                _s2[k] = 0;
            }

            TotalEnergy = _total;
            _total = 0;
            Position = 0;
        }

        return count;
    }

    public void Reset()
    {
        Array.Clear(_s1);
        Array.Clear(_s2);
        _total = 0;
        Position = 0;
    }
}

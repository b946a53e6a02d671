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
    private double _total;

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

    /// <summary>Energy of filter <paramref name="index"/> in the last completed block.</summary>
    public double Energy(int index) => _energy[index];

    /// <summary>Feeds samples up to the end of the current block; returns how many were consumed.</summary>
    public int Feed(ReadOnlySpan<float> samples, out bool blockCompleted)
    {
        var count = Math.Min(samples.Length, BlockSize - Position);
        var coefficients = _coefficients;
        var block = samples[..count];

        // Four filters per pass: their recurrences are independent, so the CPU overlaps them (one filter alone is
        // a serial chain of multiply-adds and runs at a quarter of the speed).
        var k = 0;
        for (; k + 4 <= coefficients.Length; k += 4)
        {
            double c0 = coefficients[k], c1 = coefficients[k + 1], c2 = coefficients[k + 2], c3 = coefficients[k + 3];
            double a1 = _s1[k], a2 = _s2[k], b1 = _s1[k + 1], b2 = _s2[k + 1];
            double d1 = _s1[k + 2], d2 = _s2[k + 2], e1 = _s1[k + 3], e2 = _s2[k + 3];
            foreach (var x in block)
            {
                var a0 = x + (c0 * a1) - a2;
                var b0 = x + (c1 * b1) - b2;
                var d0 = x + (c2 * d1) - d2;
                var e0 = x + (c3 * e1) - e2;
                a2 = a1;
                a1 = a0;
                b2 = b1;
                b1 = b0;
                d2 = d1;
                d1 = d0;
                e2 = e1;
                e1 = e0;
            }

            _s1[k] = a1;
            _s2[k] = a2;
            _s1[k + 1] = b1;
            _s2[k + 1] = b2;
            _s1[k + 2] = d1;
            _s2[k + 2] = d2;
            _s1[k + 3] = e1;
            _s2[k + 3] = e2;
        }

        for (; k < coefficients.Length; k++)
        {
            var c = coefficients[k];
            double s1 = _s1[k], s2 = _s2[k];
            foreach (var x in block)
            {
                var s0 = x + (c * s1) - s2;
                s2 = s1;
                s1 = s0;
            }

            _s1[k] = s1;
            _s2[k] = s2;
        }

        var total = _total;
        foreach (var x in block)
        {
            total += (double)x * x;
        }

        _total = total;

        Position += count;
        blockCompleted = Position == BlockSize;
        if (blockCompleted)
        {
            var scale = 2.0 / BlockSize;
            for (var f = 0; f < coefficients.Length; f++)
            {
                var power = (_s1[f] * _s1[f]) + (_s2[f] * _s2[f]) - (coefficients[f] * _s1[f] * _s2[f]);
                _energy[f] = power * scale;
                _s1[f] = 0;
                _s2[f] = 0;
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

namespace Gateway.Audio.Tones;

/// <summary>
/// Goertzel DTMF receiver for 8 kHz or 48 kHz frames. Blocks of 12.75 ms (102 samples at 8 kHz) are classified;
/// a digit is reported once when it holds for the minimum duration, and may repeat only after a gap. Streaming and
/// allocation-free: feed any frame size.
/// </summary>
public sealed class DtmfDetector
{
    private const double BlockSeconds = 0.01275;
    private readonly GoertzelBank _bank;
    private readonly DtmfDetectorOptions _options;
    private readonly int _requiredBlocks;
    private readonly double _minEnergy;
    private readonly double _normalTwist;
    private readonly double _reverseTwist;
    private readonly double _relativePeak;
    private readonly double _maxHarmonic;
    private char _blockDigit;
    private int _blockRun;
    private int _silentRun;

    public DtmfDetector(int sampleRate = AudioFormat.SampleRate, DtmfDetectorOptions? options = null)
    {
        if (sampleRate is < 8_000 or > 96_000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be 8000..96000 Hz.");
        }

        _options = options ?? new DtmfDetectorOptions();
        var block = (int)Math.Round(sampleRate * BlockSeconds);
        double[] frequencies =
        [
            .. DtmfTones.Rows, .. DtmfTones.Columns,

            // Second harmonics of the high group only: those of the low group fall next to high-group tones.
            .. DtmfTones.Columns.Select(f => f * 2),
        ];
        _bank = new GoertzelBank(frequencies, sampleRate, block);

        // A tone of the minimum length always covers this many whole blocks.
        _requiredBlocks = Math.Max(2, (int)Math.Floor(_options.MinDuration.TotalSeconds / BlockSeconds) - 1);
        var amplitude = Level.FromDbfs(_options.MinLevelDbfs);
        _minEnergy = amplitude * amplitude * block / 2;
        _normalTwist = Math.Pow(10, _options.NormalTwistDb / 10);
        _reverseTwist = Math.Pow(10, _options.ReverseTwistDb / 10);
        _relativePeak = Math.Pow(10, _options.RelativePeakDb / 10);
        _maxHarmonic = Math.Pow(10, _options.MaxHarmonicDb / 10);
    }

    /// <summary>The digit currently held down, or '\0'.</summary>
    public char CurrentDigit { get; private set; }

    /// <summary>Feeds samples; writes newly detected digits to <paramref name="digits"/> and returns how many.</summary>
    public int Process(ReadOnlySpan<float> samples, Span<char> digits)
    {
        var found = 0;
        while (!samples.IsEmpty)
        {
            var used = _bank.Feed(samples, out var completed);
            samples = samples[used..];
            if (completed && OnBlock() is var digit && digit != '\0' && found < digits.Length)
            {
                digits[found++] = digit;
            }
        }

        return found;
    }

    public void Reset()
    {
        _bank.Reset();
        _blockDigit = '\0';
        _blockRun = 0;
        _silentRun = 0;
        CurrentDigit = '\0';
    }

    /// <summary>Classifies a block; returns a digit when one is newly confirmed.</summary>
    private char OnBlock()
    {
        var digit = Classify();
        if (digit == _blockDigit)
        {
            _blockRun++;
        }
        else
        {
            _blockDigit = digit;
            _blockRun = 1;
        }

        if (digit == '\0' || digit != CurrentDigit)
        {
            _silentRun++;
            if (_silentRun >= 2)
            {
                // Two blocks (25 ms) without the held digit release it, so the same key can be reported again.
                CurrentDigit = '\0';
            }
        }
        else
        {
            _silentRun = 0;
        }

        if (digit != '\0' && digit != CurrentDigit && _blockRun >= _requiredBlocks)
        {
            CurrentDigit = digit;
            _silentRun = 0;
            return digit;
        }

        return '\0';
    }

    private char Classify()
    {
        var row = Best(0);
        var col = Best(4);
        double rowEnergy = _bank.Energy(row), colEnergy = _bank.Energy(col);
        if (rowEnergy < _minEnergy || colEnergy < _minEnergy)
        {
            return '\0';
        }

        if (colEnergy > rowEnergy * _reverseTwist || rowEnergy > colEnergy * _normalTwist)
        {
            return '\0';
        }

        for (var i = 0; i < 4; i++)
        {
            if ((i != row && _bank.Energy(i) * _relativePeak > rowEnergy) || (i + 4 != col && _bank.Energy(i + 4) * _relativePeak > colEnergy))
            {
                return '\0';
            }
        }

        if (rowEnergy + colEnergy < _options.MinEnergyShare * _bank.TotalEnergy)
        {
            return '\0';
        }

        if (_bank.Energy(8 + col - 4) > colEnergy * _maxHarmonic)
        {
            return '\0';
        }

        return DtmfTones.Keys[(row * 4) + (col - 4)];
    }

    private int Best(int offset)
    {
        var best = offset;
        for (var i = offset + 1; i < offset + 4; i++)
        {
            if (_bank.Energy(i) > _bank.Energy(best))
            {
                best = i;
            }
        }

        return best;
    }
}

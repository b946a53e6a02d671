namespace Gateway.Audio.Tones;

/// <summary>
/// Decodes 5-tone selcall sequences (a radio's ANI) for one standard. Two Goertzel banks with 16 ms windows run
/// staggered by 8 ms, so a decision comes every 8 ms while each window still separates tones 64 Hz apart. A tone is
/// accepted once it holds for about 60 % of its nominal length; E repeats the previous digit; the sequence ends
/// after the expected number of digits or a gap of two tone lengths.
/// </summary>
public sealed class SelcallDecoder
{
    private const double WindowSeconds = 0.016;
    private readonly GoertzelBank[] _banks;
    private readonly int _minRun;
    private readonly int _endGap;
    private readonly int _expectedDigits;
    private readonly double _minEnergy;
    private readonly char[] _digits = new char[32];
    private int _digitCount;
    private int _runSymbol = -1;
    private int _runLength;
    private bool _runAccepted;
    private int _gapLength;
    private char _lastDigit;

    /// <param name="standard">Tone table.</param>
    /// <param name="sampleRate">Input rate.</param>
    /// <param name="expectedDigits">Digits per sequence (5 for ANI); 0 ends sequences on the gap only.</param>
    /// <param name="minLevelDbfs">Weakest tone accepted.</param>
    public SelcallDecoder(SelcallStandard standard, int sampleRate = AudioFormat.SampleRate, int expectedDigits = 5, double minLevelDbfs = -36)
    {
        Standard = standard;
        var window = (int)Math.Round(sampleRate * WindowSeconds);
        var table = SelcallTables.Frequencies(standard);
        _banks = [new GoertzelBank(table, sampleRate, window), new GoertzelBank(table, sampleRate, window)];

        // Pre-fill the second bank by half a window so the two complete alternately.
        Span<float> half = stackalloc float[window / 2];
        _banks[1].Feed(half, out _);

        var tone = SelcallTables.ToneDuration(standard).TotalSeconds;
        var hop = WindowSeconds / 2;
        _minRun = Math.Max(2, (int)Math.Floor(((tone * 0.6) - WindowSeconds) / hop) + 1);
        _endGap = (int)Math.Ceiling(2 * tone / hop);
        _expectedDigits = expectedDigits;
        var amplitude = Level.FromDbfs(minLevelDbfs);
        _minEnergy = amplitude * amplitude * window / 2;
    }

    public SelcallStandard Standard { get; }

    /// <summary>Feeds samples; returns a completed sequence (the only allocation, once per call sequence) or null.</summary>
    public string? Process(ReadOnlySpan<float> samples)
    {
        string? result = null;
        while (!samples.IsEmpty)
        {
            // Feed both banks the same stretch, up to whichever completes first.
            var step = Math.Min(samples.Length, Math.Min(_banks[0].BlockSize - _banks[0].Position, _banks[1].BlockSize - _banks[1].Position));
            foreach (var bank in _banks)
            {
                bank.Feed(samples[..step], out var completed);
                if (completed)
                {
                    result ??= OnDecision(Classify(bank));
                }
            }

            samples = samples[step..];
        }

        return result;
    }

    public void Reset()
    {
        _digitCount = 0;
        _runSymbol = -1;
        _runLength = 0;
        _gapLength = 0;
        _lastDigit = '\0';
    }

    private int Classify(GoertzelBank bank)
    {
        var best = 0;
        var second = -1.0;
        for (var i = 1; i < bank.Count; i++)
        {
            if (bank.Energy(i) > bank.Energy(best))
            {
                best = i;
            }
        }

        for (var i = 0; i < bank.Count; i++)
        {
            if (i != best && bank.Energy(i) > second)
            {
                second = bank.Energy(i);
            }
        }

        var energy = bank.Energy(best);
        var dominant = energy >= _minEnergy && energy >= 0.6 * bank.TotalEnergy && energy >= 4 * second;
        return dominant ? best : -1;
    }

    private string? OnDecision(int symbol)
    {
        if (symbol == _runSymbol)
        {
            _runLength++;
        }
        else
        {
            _runSymbol = symbol;
            _runLength = 1;
            _runAccepted = false;
        }

        if (symbol < 0)
        {
            _gapLength++;
            if (_digitCount > 0 && _gapLength >= _endGap)
            {
                return Complete();
            }

            return null;
        }

        _gapLength = 0;
        if (!_runAccepted && _runLength >= _minRun)
        {
            _runAccepted = true;
            var digit = symbol == SelcallTables.RepeatIndex && _lastDigit != '\0' ? _lastDigit : SelcallTables.Symbols[symbol];
            if (_digitCount < _digits.Length)
            {
                _digits[_digitCount++] = digit;
            }

            _lastDigit = digit;
            if (_expectedDigits > 0 && _digitCount == _expectedDigits)
            {
                return Complete();
            }
        }

        return null;
    }

    private string? Complete()
    {
        var ok = _expectedDigits == 0 || _digitCount == _expectedDigits;
        var result = ok ? new string(_digits, 0, _digitCount) : null;
        _digitCount = 0;
        _lastDigit = '\0';
        return result;
    }
}

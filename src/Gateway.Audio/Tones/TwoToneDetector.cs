namespace Gateway.Audio.Tones;

/// <summary>
/// Detects programmed two-tone sequential pages (Quick Call II style), as a pager decoder does. Quick Call tones sit
/// 2–3 % apart (8 Hz in group 3), so decisions use 100 ms Goertzel windows over just the programmed frequencies,
/// with an energy-share check so speech or other tones do not count. A page is reported when tone A held for
/// <c>minA</c> is followed by tone B held for <c>minB</c> (an all-call: one tone held for both together).
/// </summary>
public sealed class TwoToneDetector
{
    private const double WindowSeconds = 0.1;
    private readonly IReadOnlyList<TwoTonePage> _pages;
    private readonly double[] _frequencies;
    private readonly int[] _indexA;
    private readonly int[] _indexB;
    private readonly GoertzelBank _bank;
    private readonly int _minA;
    private readonly int _minB;
    private readonly double _minEnergy;
    private int _runTone = -1;
    private int _runLength;
    private int _previousTone = -1;
    private int _previousLength;
    private int _reportedRunId = -1;
    private int _runId;

    public TwoToneDetector(IReadOnlyList<TwoTonePage> pages, int sampleRate = AudioFormat.SampleRate, TimeSpan? minA = null, TimeSpan? minB = null, double minLevelDbfs = -36)
    {
        ArgumentNullException.ThrowIfNull(pages);
        if (pages.Count == 0)
        {
            throw new ArgumentException("At least one page must be programmed.", nameof(pages));
        }

        _pages = pages;
        _frequencies = pages.SelectMany(p => new[] { p.ToneA, p.ToneB }).Distinct().ToArray();
        _indexA = pages.Select(p => Array.IndexOf(_frequencies, p.ToneA)).ToArray();
        _indexB = pages.Select(p => Array.IndexOf(_frequencies, p.ToneB)).ToArray();
        var window = (int)Math.Round(sampleRate * WindowSeconds);
        _bank = new GoertzelBank(_frequencies, sampleRate, window);
        _minA = Math.Max(2, (int)Math.Round((minA ?? TimeSpan.FromMilliseconds(600)).TotalSeconds / WindowSeconds));
        _minB = Math.Max(2, (int)Math.Round((minB ?? TimeSpan.FromMilliseconds(1500)).TotalSeconds / WindowSeconds));
        var amplitude = Level.FromDbfs(minLevelDbfs);
        _minEnergy = amplitude * amplitude * window / 2;
    }

    /// <summary>Feeds samples; returns the page detected in them, or null.</summary>
    public TwoTonePage? Process(ReadOnlySpan<float> samples)
    {
        TwoTonePage? found = null;
        while (!samples.IsEmpty)
        {
            var used = _bank.Feed(samples, out var completed);
            samples = samples[used..];
            if (completed)
            {
                found ??= OnWindow(Classify());
            }
        }

        return found;
    }

    private int Classify()
    {
        var best = 0;
        for (var i = 1; i < _frequencies.Length; i++)
        {
            if (_bank.Energy(i) > _bank.Energy(best))
            {
                best = i;
            }
        }

        var energy = _bank.Energy(best);
        return energy >= _minEnergy && energy >= 0.6 * _bank.TotalEnergy ? best : -1;
    }

    private TwoTonePage? OnWindow(int tone)
    {
        if (tone != _runTone)
        {
            // A window straddling the A→B change may classify as nothing; keep A as "previous" across one such window.
            if (_runTone >= 0 && _runLength >= 1)
            {
                _previousTone = _runTone;
                _previousLength = _runLength;
            }
            else if (_runTone < 0 && _runLength > 1)
            {
                _previousTone = -1;
            }

            _runTone = tone;
            _runLength = 0;
            _runId++;
        }

        _runLength++;
        if (tone < 0 || _reportedRunId == _runId)
        {
            return null;
        }

        for (var p = 0; p < _pages.Count; p++)
        {
            var allCall = _indexA[p] == _indexB[p];
            var hit = allCall
                ? tone == _indexA[p] && _runLength >= _minA + _minB
                : tone == _indexB[p] && _runLength >= _minB && _previousTone == _indexA[p] && _previousLength >= _minA;
            if (hit)
            {
                _reportedRunId = _runId;
                return _pages[p];
            }
        }

        return null;
    }
}

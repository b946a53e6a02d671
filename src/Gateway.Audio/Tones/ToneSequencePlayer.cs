namespace Gateway.Audio.Tones;

/// <summary>
/// Plays a <see cref="ToneSequence"/> into spans. Oscillator phases run on across steps, and each tone burst gets
/// a 2 ms raised-cosine ramp: hard keying would splash energy over the band and upset tone decoders.
/// </summary>
public sealed class ToneSequencePlayer
{
    private const double RampSeconds = 0.002;
    private readonly IReadOnlyList<ToneSegment> _segments;
    private readonly int _sampleRate;
    private readonly int[] _segmentSamples;
    private readonly int _ramp;
    private int _segment;
    private int _position;
    private double _phaseA;
    private double _phaseB;

    internal ToneSequencePlayer(ToneSequence sequence, int sampleRate)
    {
        if (sampleRate is < 8_000 or > 192_000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be 8000..192000 Hz.");
        }

        _segments = sequence.Segments;
        _sampleRate = sampleRate;
        _segmentSamples = _segments.Select(s => (int)Math.Round(s.Duration.TotalSeconds * sampleRate)).ToArray();
        TotalSamples = _segmentSamples.Sum();
        _ramp = Math.Max(1, (int)(RampSeconds * sampleRate));
    }

    public int TotalSamples { get; }

    public bool Finished => _segment >= _segments.Count;

    /// <summary>Writes up to <paramref name="output"/>.Length samples; returns how many (fewer only at the end).</summary>
    public int Read(Span<float> output)
    {
        var written = 0;
        while (written < output.Length && _segment < _segments.Count)
        {
            var seg = _segments[_segment];
            var length = _segmentSamples[_segment];
            var count = Math.Min(output.Length - written, length - _position);
            var target = output.Slice(written, count);
            if (seg.IsSilent)
            {
                target.Clear();
            }
            else
            {
                Synthesize(seg, length, target);
            }

            _position += count;
            written += count;
            if (_position >= length)
            {
                _segment++;
                _position = 0;
            }
        }

        return written;
    }

    /// <summary>Adds the next samples onto <paramref name="output"/> (mixing a tone under audio); returns how many.</summary>
    public int MixInto(Span<float> output)
    {
        Span<float> chunk = stackalloc float[256];
        var done = 0;
        while (done < output.Length)
        {
            var n = Read(chunk[..Math.Min(chunk.Length, output.Length - done)]);
            if (n == 0)
            {
                break;
            }

            for (var i = 0; i < n; i++)
            {
                output[done + i] += chunk[i];
            }

            done += n;
        }

        return done;
    }

    private void Synthesize(ToneSegment seg, int length, Span<float> target)
    {
        var twoPiOverRate = 2 * Math.PI / _sampleRate;
        var stepB = seg.FrequencyB * twoPiOverRate;
        for (var i = 0; i < target.Length; i++)
        {
            var n = _position + i;
            var freqA = seg.SweepTo > 0 ? seg.FrequencyA + ((seg.SweepTo - seg.FrequencyA) * n / Math.Max(1, length)) : seg.FrequencyA;
            _phaseA += freqA * twoPiOverRate;
            _phaseB += stepB;
            var value = (seg.AmplitudeA * Math.Sin(_phaseA)) + (seg.AmplitudeB * Math.Sin(_phaseB));
            var edge = Math.Min(n, length - 1 - n);
            if (edge < _ramp)
            {
                value *= 0.5 - (0.5 * Math.Cos(Math.PI * edge / _ramp));
            }

            target[i] = (float)value;
        }

        // Keep the phases small so precision does not degrade over long tones.
        _phaseA %= 2 * Math.PI;
        _phaseB %= 2 * Math.PI;
    }
}

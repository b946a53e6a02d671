using Gateway.Audio;
using Gateway.Audio.Tones;
using Gateway.Core.Units;

namespace Gateway.Connectors.Serial.Control;

/// <summary>
/// DTMF ANI: the handheld sends its id as DTMF digits at key-up. Digits come from Gateway.Audio's
/// <see cref="DtmfDetector"/>; the id is complete at <c>#</c> or after a pause with no new digit (time counted in samples,
/// so it is exact and testable). <c>*</c> (often a leading "ANI follows" marker) is not part of the id.
/// </summary>
internal sealed class DtmfAniDecoder : IAniDecoder
{
    private const int MaxDigits = 16;
    private readonly DtmfDetector _detector = new(AudioFormat.SampleRate);
    private readonly char[] _digits = new char[MaxDigits];
    private readonly char[] _sequence = new char[MaxDigits];
    private int _sequenceCount;
    private readonly long _pauseSamples;
    private int _count;
    private long _samplesSinceDigit;

    public DtmfAniDecoder(int pauseMs = 300)
    {
        _pauseSamples = (long)pauseMs * AudioFormat.SampleRate / 1000;
    }

    public UnitIdentityKind IdentityKind => UnitIdentityKind.DtmfId;

    public void Reset()
    {
        _detector.Reset();
        _count = 0;
        _sequenceCount = 0;
        _samplesSinceDigit = 0;
    }

    public string? LastSequence { get; private set; }

    public bool TryDecode(ReadOnlySpan<float> frame48k, out string identity)
    {
        identity = string.Empty;
        Span<char> found = stackalloc char[8];
        var n = _detector.Process(frame48k, found);
        var terminated = false;
        for (var i = 0; i < n; i++)
        {
            _samplesSinceDigit = 0;
            if (found[i] == '#')
            {
                terminated = true;
            }
            else
            {
                if (_sequenceCount < MaxDigits)
                {
                    _sequence[_sequenceCount++] = found[i];
                }

                if (found[i] != '*' && _count < MaxDigits)
                {
                    _digits[_count++] = found[i];
                }
            }
        }

        if (n == 0 && _detector.CurrentDigit == '\0')
        {
            _samplesSinceDigit += frame48k.Length;
        }

        if (_count > 0 && (terminated || _samplesSinceDigit >= _pauseSamples))
        {
            identity = new string(_digits, 0, _count);
            LastSequence = new string(_sequence, 0, _sequenceCount);
            _count = 0;
            _sequenceCount = 0;
            return true;
        }

        return false;
    }
}

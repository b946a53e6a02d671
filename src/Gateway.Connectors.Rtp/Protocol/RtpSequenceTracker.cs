namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>
/// Per-source sequence-number state of RFC 3550 appendix A.1: extended (wrap-counted) sequence numbers, probation of
/// new sources, detection of restarts, and the loss figures of A.3 for receiver reports.
/// </summary>
public sealed class RtpSequenceTracker
{
    public const int MaxDropout = 3000;
    public const int MaxMisorder = 100;
    private const int SeqMod = 1 << 16;

    private readonly int _minSequential;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq;
    private int _probation;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;

    /// <param name="minSequential">In-order packets needed before a new source is valid (RFC 3550 uses 2).</param>
    public RtpSequenceTracker(int minSequential = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSequential, 1);
        _minSequential = minSequential;
    }

    public bool Initialized { get; private set; }

    /// <summary>Highest sequence number seen, extended with the wrap count.</summary>
    public long ExtendedMax => _cycles + _maxSeq;

    public long Received => _received;

    /// <summary>Packets expected from the first valid one to the highest (A.3).</summary>
    public long Expected => Initialized && _probation == 0 ? ExtendedMax - _baseSeq + 1 : 0;

    /// <summary>Cumulative loss (may be negative with duplicates, as RFC 3550 says).</summary>
    public long Lost => Expected - _received;

    /// <summary>Forgets the source (a new SSRC follows).</summary>
    public void Reset()
    {
        Initialized = false;
        _probation = 0;
        Init(0);
    }

    /// <summary>Starts tracking a new source whose first packet has <paramref name="seq"/>.</summary>
    public void Start(ushort seq)
    {
        Init(seq);
        _maxSeq = unchecked((ushort)(seq - 1));
        _probation = _minSequential;
        Initialized = true;
    }

    /// <summary>Feeds one sequence number; returns what to do with the packet.</summary>
    public SequenceResult Update(ushort seq)
    {
        if (!Initialized)
        {
            Start(seq);
        }

        var udelta = (ushort)(seq - _maxSeq);
        if (_probation > 0)
        {
            if (seq == (ushort)(_maxSeq + 1))
            {
                _probation--;
                _maxSeq = seq;
                if (_probation == 0)
                {
                    Init(seq);
                    _received++;
                    return SequenceResult.Validated;
                }
            }
            else
            {
                _probation = _minSequential - 1;
                _maxSeq = seq;
            }

            return SequenceResult.Probation;
        }

        if (udelta < MaxDropout)
        {
            if (seq < _maxSeq)
            {
                _cycles += SeqMod;
            }

            _maxSeq = seq;
            _received++;
            return SequenceResult.Valid;
        }

        if (udelta <= SeqMod - MaxMisorder)
        {
            if (seq == _badSeq)
            {
                // Two packets agree on the new numbering: the sender restarted (RFC 3550 A.1).
                Init(seq);
                _received++;
                return SequenceResult.Restarted;
            }

            _badSeq = (uint)((seq + 1) & (SeqMod - 1));
            return SequenceResult.BadJump;
        }

        _received++;
        return SequenceResult.Misordered;
    }

    /// <summary>The extended sequence number of <paramref name="seq"/> relative to the current maximum (handles late packets across a wrap).</summary>
    public long Extend(ushort seq)
    {
        var delta = (short)(seq - _maxSeq);
        return ExtendedMax + delta;
    }

    /// <summary>Fraction lost since the previous call (8-bit fixed point, A.3) and resets the interval.</summary>
    public byte TakeFractionLost()
    {
        var expected = Expected;
        var expectedInterval = expected - _expectedPrior;
        _expectedPrior = expected;
        var receivedInterval = _received - _receivedPrior;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        return expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
    }

    private void Init(ushort seq)
    {
        _baseSeq = seq;
        _maxSeq = seq;
        _badSeq = SeqMod + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }
}

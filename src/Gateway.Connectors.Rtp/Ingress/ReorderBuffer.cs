namespace Gateway.Connectors.Rtp.Ingress;

/// <summary>
/// A small reorder ring keyed by extended sequence number: packets go in in arrival order and come out in sequence order,
/// with holes reported so the play-out can conceal them. Payloads are copied into preallocated slots (no allocation).
/// Not thread-safe: the receiver and the play-out share it under the endpoint's ingress lock.
/// (The gateway's adaptive jitter buffer in Gateway.Audio had not landed when this connector was written; the adaptive
/// part — start depth, stretch on underrun, skip above the maximum — lives in <see cref="RtpPlayout"/>.)
/// </summary>
internal sealed class ReorderBuffer
{
    private readonly Slot[] _slots;
    private readonly int _mask;
    private long _next = -1;
    private long _highest = -1;
    private bool _started;

    public ReorderBuffer(int capacity = 128, int maxPayload = 1600)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be a power of two.");
        }

        _slots = new Slot[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new Slot(maxPayload);
        }

        _mask = capacity - 1;
    }

    public int Count { get; private set; }

    public int Capacity => _slots.Length;

    /// <summary>The next extended sequence number to play (−1 before the first packet).</summary>
    public long Next => _next;

    /// <summary>Packets from <see cref="Next"/> to the highest received, holes included.</summary>
    public long Span => Count == 0 ? 0 : _highest - _next + 1;

    /// <summary>Timestamp and duration (48 kHz samples) of the newest packet, to size the buffered span in time.</summary>
    public int LastSamples { get; private set; }

    /// <summary>Copies a packet in; packets already played or duplicates are refused. Returns how many old packets were evicted.</summary>
    public InsertResult Insert(long sequence, uint timestamp, int samples48k, ReadOnlySpan<byte> payload, out int evicted)
    {
        evicted = 0;
        if (payload.Length > _slots[0].Data.Length)
        {
            return InsertResult.TooLarge;
        }

        if (_next < 0)
        {
            _next = sequence;
            _highest = sequence;
        }
        else if (sequence < _next)
        {
            // Before play-out starts a late first packet may still move the start back (reordered stream start).
            if (_started || _highest - sequence >= _slots.Length)
            {
                return InsertResult.Late;
            }

            _next = sequence;
        }

        var slot = _slots[sequence & _mask];
        if (slot.Sequence == sequence)
        {
            return InsertResult.Duplicate;
        }

        // A packet too far ahead evicts the oldest entries: the play-out fell behind, newer audio wins.
        while (sequence - _next >= _slots.Length)
        {
            var old = _slots[_next & _mask];
            if (old.Sequence == _next)
            {
                old.Sequence = -1;
                Count--;
                evicted++;
            }

            _next++;
        }

        slot.Sequence = sequence;
        slot.Timestamp = timestamp;
        slot.Samples = samples48k;
        slot.Length = payload.Length;
        payload.CopyTo(slot.Data);
        Count++;
        LastSamples = samples48k;
        if (sequence > _highest)
        {
            _highest = sequence;
        }

        return InsertResult.Inserted;
    }

    /// <summary>Looks at the packet due next: <see cref="PeekResult.Ready"/> (in <paramref name="slot"/>), <see cref="PeekResult.Missing"/> (a hole with later packets), or <see cref="PeekResult.Empty"/>.</summary>
    public PeekResult Peek(out Slot slot)
    {
        slot = _slots[_next < 0 ? 0 : _next & _mask];
        if (Count == 0)
        {
            return PeekResult.Empty;
        }

        return slot.Sequence == _next ? PeekResult.Ready : PeekResult.Missing;
    }

    /// <summary>The first packet after the hole at <see cref="Next"/> (for Opus FEC), or null.</summary>
    public Slot? PeekFollowing()
    {
        var slot = _slots[(_next + 1) & _mask];
        return slot.Sequence == _next + 1 ? slot : null;
    }

    /// <summary>Moves past the packet (or hole) at <see cref="Next"/>.</summary>
    public void Advance()
    {
        var slot = _slots[_next & _mask];
        if (slot.Sequence == _next)
        {
            slot.Sequence = -1;
            Count--;
        }

        _started = true;
        _next++;
    }

    public void Reset()
    {
        foreach (var slot in _slots)
        {
            slot.Sequence = -1;
        }

        Count = 0;
        _next = -1;
        _highest = -1;
        _started = false;
    }

    internal sealed class Slot(int maxPayload)
    {
        public byte[] Data { get; } = new byte[maxPayload];

        public long Sequence { get; set; } = -1;

        public uint Timestamp { get; set; }

        public int Samples { get; set; }

        public int Length { get; set; }

        public ReadOnlySpan<byte> Payload => Data.AsSpan(0, Length);
    }
}

internal enum InsertResult
{
    Inserted,
    Duplicate,
    Late,
    TooLarge,
}

internal enum PeekResult
{
    Ready,
    Missing,
    Empty,
}

namespace Gateway.Connectors.Rtp.Ingress;

/// <summary>
/// A small reorder ring keyed by extended sequence number: packets go in in arrival order and come out in sequence order,
/// with holes reported so the play-out can conceal them. Payloads are copied into preallocated slots (no allocation).
/// Not thread-safe: the receiver and the play-out share it under the endpoint's ingress lock.
/// The adaptive part (start depth, stretch on underrun, shrink after a quiet second, cap at the maximum) lives in
/// RtpIngress.Playout.cs. Gateway.Audio's JitterBuffer arrived after this play-out was integrated and tested against
/// ffmpeg; moving to it is a follow-up: it conceals through underruns up to its maximum delay, so the connector must
/// first learn to tell a talker's end (no concealment tail before the floor release) from a late packet.
/// </summary>
internal sealed class ReorderBuffer
{
    private readonly int _capacity;
    private readonly int _maxPayload;
    private readonly int _mask;
    private SlotStore? _store;
    private long _next = -1;
    private long _highest = -1;
    private bool _started;

    public ReorderBuffer(int capacity = 128, int maxPayload = 1600)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be a power of two.");
        }

        // The slots (capacity x maxPayload bytes, ~200 KB) exist only while packets are buffered: they are rented from a
        // shared pool on the first insert and returned on Reset (spurt end), so an idle endpoint costs a few fields.
        _capacity = capacity;
        _maxPayload = maxPayload;
        _mask = capacity - 1;
    }

    public int Count { get; private set; }

    public int Capacity => _capacity;

    /// <summary>Whether slot storage is currently rented (for tests of the idle footprint).</summary>
    internal bool HasStorage => _store is not null;

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
        if (payload.Length > _maxPayload)
        {
            return InsertResult.TooLarge;
        }

        var slots = (_store ??= SlotStore.Rent(_capacity, _maxPayload)).Slots;

        if (_next < 0)
        {
            _next = sequence;
            _highest = sequence;
        }
        else if (sequence < _next)
        {
            // Before play-out starts a late first packet may still move the start back (reordered stream start).
            if (_started || _highest - sequence >= slots.Length)
            {
                return InsertResult.Late;
            }

            _next = sequence;
        }

        var slot = slots[sequence & _mask];
        if (slot.Sequence == sequence)
        {
            return InsertResult.Duplicate;
        }

        // A packet too far ahead evicts the oldest entries: the play-out fell behind, newer audio wins.
        while (sequence - _next >= slots.Length)
        {
            var old = slots[_next & _mask];
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
        if (Count == 0 || _store is null)
        {
            slot = SlotStore.Placeholder;
            return PeekResult.Empty;
        }

        slot = _store.Slots[_next & _mask];

        return slot.Sequence == _next ? PeekResult.Ready : PeekResult.Missing;
    }

    /// <summary>The first packet after the hole at <see cref="Next"/> (for Opus FEC), or null.</summary>
    public Slot? PeekFollowing()
    {
        if (_store is null)
        {
            return null;
        }

        var slot = _store.Slots[(_next + 1) & _mask];
        return slot.Sequence == _next + 1 ? slot : null;
    }

    /// <summary>Moves past the packet (or hole) at <see cref="Next"/>.</summary>
    public void Advance()
    {
        if (_store?.Slots[_next & _mask] is { } slot && slot.Sequence == _next)
        {
            slot.Sequence = -1;
            Count--;
        }

        _started = true;
        _next++;
    }

    public void Reset()
    {
        if (_store is { } store)
        {
            _store = null;
            SlotStore.Return(store);
        }

        Count = 0;
        _next = -1;
        _highest = -1;
        _started = false;
    }

    /// <summary>
    /// The slots of one buffering spurt. A small process-wide pool keeps them between spurts: renting is a pop under a
    /// lock once per spurt, never per packet, and a spurt's storage does not become garbage.
    /// </summary>
    private sealed class SlotStore
    {
        private const int MaxPooled = 64;
        private static readonly Stack<SlotStore> Pool = new();

        private SlotStore(int capacity, int maxPayload)
        {
            Slots = new Slot[capacity];
            for (var i = 0; i < capacity; i++)
            {
                Slots[i] = new Slot(maxPayload);
            }
        }

        public static Slot Placeholder { get; } = new(0);

        public Slot[] Slots { get; }

        public static SlotStore Rent(int capacity, int maxPayload)
        {
            lock (Pool)
            {
                if (Pool.TryPeek(out var top) && top.Slots.Length == capacity && top.Slots[0].Data.Length == maxPayload)
                {
                    return Pool.Pop();
                }
            }

            return new SlotStore(capacity, maxPayload);
        }

        public static void Return(SlotStore store)
        {
            foreach (var slot in store.Slots)
            {
                slot.Sequence = -1;
            }

            lock (Pool)
            {
                if (Pool.Count < MaxPooled)
                {
                    Pool.Push(store);
                }
            }
        }
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

namespace Gateway.Core.Media;

/// <summary>A free list of <see cref="MediaPacket"/>s: rent one per frame and profile; the last <see cref="MediaPacket.Release"/> returns it.</summary>
public sealed class MediaPacketPool
{
    // A plain stack under a lock, not a ConcurrentBag: packets are rented on the routing thread and released on the
    // threads that send them (the RTP receive loops), and a bag's work-stealing across threads allocated now and then.
    // Rent and return happen once per frame and profile, never per listener, so the lock is cheap.
    private readonly Stack<MediaPacket> _free = new();
    private readonly int _maxRetained;
    private long _created;

    /// <param name="maxRetained">
    /// Free packets kept for reuse (about 8 KB each). Steady state needs only the packets in flight (groups x profiles x
    /// a few frames); a burst beyond that (a machine starved of CPU queues frames) must not keep its packets for ever.
    /// </param>
    public MediaPacketPool(int maxRetained = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetained);
        _maxRetained = maxRetained;
    }

    public static MediaPacketPool Shared { get; } = new();

    /// <summary>Free packets held for reuse right now.</summary>
    public int Retained
    {
        get
        {
            lock (_free)
            {
                return _free.Count;
            }
        }
    }

    /// <summary>Packets ever created by this pool (steady state: stops growing).</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>Rents a packet with one reference held by the caller.</summary>
    public MediaPacket Rent()
    {
        MediaPacket? packet;
        lock (_free)
        {
            _free.TryPop(out packet);
        }

        if (packet is null)
        {
            Interlocked.Increment(ref _created);
            packet = new MediaPacket(this);
        }

        packet.AddReferences(1);
        return packet;
    }

    internal void Return(MediaPacket packet)
    {
        packet.Reset();
        lock (_free)
        {
            if (_free.Count < _maxRetained)
            {
                _free.Push(packet);
            }
        }
    }
}

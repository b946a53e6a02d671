namespace Gateway.Core.Media;

/// <summary>A free list of <see cref="MediaPacket"/>s: rent one per frame and profile; the last <see cref="MediaPacket.Release"/> returns it.</summary>
public sealed class MediaPacketPool
{
    // A plain stack under a lock, not a ConcurrentBag: packets are rented on the routing thread and released on the
    // threads that send them (the RTP receive loops), and a bag's work-stealing across threads allocated now and then.
    // Rent and return happen once per frame and profile, never per listener, so the lock is cheap.
    private readonly Stack<MediaPacket> _free = new();
    private long _created;

    public static MediaPacketPool Shared { get; } = new();

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
            _free.Push(packet);
        }
    }
}

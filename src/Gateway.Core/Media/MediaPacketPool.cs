using System.Collections.Concurrent;

namespace Gateway.Core.Media;

/// <summary>A free list of <see cref="MediaPacket"/>s: rent one per frame and profile; the last <see cref="MediaPacket.Release"/> returns it.</summary>
public sealed class MediaPacketPool
{
    private readonly ConcurrentBag<MediaPacket> _free = new();
    private long _created;

    public static MediaPacketPool Shared { get; } = new();

    /// <summary>Packets ever created by this pool (steady state: stops growing).</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>Rents a packet with one reference held by the caller.</summary>
    public MediaPacket Rent()
    {
        if (!_free.TryTake(out var packet))
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
        _free.Add(packet);
    }
}

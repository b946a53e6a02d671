using Gateway.Core.Media;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>
/// The packets waiting for one receive loop to send them: producers append under a lock, the loop swaps the whole batch
/// out and sends it without the lock. Two arrays are swapped back and forth and only grow (to the largest fan-out seen),
/// so steady state allocates nothing.
/// </summary>
internal sealed class SendQueue
{
    private readonly object _sync = new();
    private Entry[] _pending = new Entry[64];
    private Entry[] _draining = new Entry[64];
    private int _count;

    /// <summary>Queues a packet; true when the queue was empty (the loop may need a wake-up).</summary>
    public bool Add(IDeferredSender sender, MediaPacket packet)
    {
        lock (_sync)
        {
            if (_count == _pending.Length)
            {
                Array.Resize(ref _pending, _pending.Length * 2);
            }

            _pending[_count++] = new Entry(sender, packet);
            return _count == 1;
        }
    }

    /// <summary>Sends everything queued so far, in order. Only the loop thread calls this.</summary>
    public int Drain()
    {
        Entry[] batch;
        int count;
        lock (_sync)
        {
            if (_count == 0)
            {
                return 0;
            }

            batch = _pending;
            count = _count;
            if (_draining.Length < batch.Length)
            {
                _draining = new Entry[batch.Length];
            }

            _pending = _draining;
            _count = 0;
        }

        for (var i = 0; i < count; i++)
        {
            ref var entry = ref batch[i];
            entry.Sender.SendQueued(entry.Packet);
            entry = default; // drop the references: the packet returns to its pool, the endpoint may be collected
        }

        _draining = batch;
        return count;
    }

    private readonly record struct Entry(IDeferredSender Sender, MediaPacket Packet);
}

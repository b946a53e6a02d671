using Gateway.Core.Media;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>
/// The packets waiting for one receive loop to send them: producers append under a lock, the loop swaps the whole batch
/// out and sends it without the lock. Two arrays are swapped back and forth and only grow (to the largest fan-out seen),
/// so steady state allocates nothing.
/// </summary>
internal sealed class SendQueue
{
    /// <summary>
    /// A packet that waited this long is dropped instead of sent: when the machine cannot keep up (CPU starved), audio
    /// arrives late but bounded, and the shortfall shows as counted drops rather than a queue that grows without end.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly long _maxWaitTicks;
    private readonly object _sync = new();
    private Entry[] _pending = new Entry[64];
    private Entry[] _draining = new Entry[64];
    private int _count;

    public SendQueue(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _maxWaitTicks = (long)(MaxWait.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>Queues a packet; true when the queue was empty (the loop may need a wake-up).</summary>
    public bool Add(IDeferredSender sender, MediaPacket packet)
    {
        lock (_sync)
        {
            if (_count == _pending.Length)
            {
                Array.Resize(ref _pending, _pending.Length * 2);
            }

            _pending[_count++] = new Entry(sender, packet, _time.GetTimestamp());
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

        var now = _time.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            ref var entry = ref batch[i];
            if (now - entry.Queued > _maxWaitTicks)
            {
                entry.Sender.DropQueued(entry.Packet);
            }
            else
            {
                entry.Sender.SendQueued(entry.Packet);
            }

            entry = default; // drop the references: the packet returns to its pool, the endpoint may be collected
        }

        _draining = batch;
        return count;
    }

    private readonly record struct Entry(IDeferredSender Sender, MediaPacket Packet, long Queued);
}

using System.Threading.Channels;
using Gateway.Core.Metrics;
using Gateway.Core.Routing;

namespace Gateway.Core.Media;

/// <summary>
/// A bounded, drop-oldest queue of outgoing packets with one drain loop, for endpoints whose I/O can be slow (a socket
/// under back-pressure, a serial sound card, a gRPC stream on a bad link). <see cref="Enqueue"/> never blocks, so the
/// router's fan-out never waits for one endpoint; a stuck endpoint loses its own oldest frames (counted) and keeps
/// latency bounded instead of building up a backlog.
/// The queue owns each enqueued packet's reference and releases it after <c>send</c> returns (or when dropping it).
/// </summary>
public sealed class EgressQueue : IAsyncDisposable
{
    private static readonly KeyValuePair<string, object?> FullTag = DropReasons.AsTag(DropReasons.EgressFull);
    private static readonly KeyValuePair<string, object?> SendFailedTag = DropReasons.AsTag("egress_send_failed");

    private readonly Channel<MediaPacket> _channel;
    private readonly Func<MediaPacket, CancellationToken, ValueTask> _send;
    private readonly GatewayMetrics? _metrics;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _drain;
    private long _dropped;
    private long _sent;
    private long _failed;

    /// <param name="capacity">Packets held at most (e.g. 10 = 200 ms of audio).</param>
    /// <param name="send">Writes one packet to the wire; may be slow. Must not release the packet.</param>
    /// <param name="metrics">Where drops are counted (reason <c>egress_full</c>).</param>
    public EgressQueue(int capacity, Func<MediaPacket, CancellationToken, ValueTask> send, GatewayMetrics? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(send);
        _send = send;
        _metrics = metrics;
        _channel = Channel.CreateBounded<MediaPacket>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            OnDropped);
        _drain = Task.Run(DrainAsync);
    }

    /// <summary>Packets dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Packets handed to <c>send</c> that completed.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Packets whose <c>send</c> threw.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Packets waiting.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>Takes ownership of <paramref name="packet"/>'s reference. Never blocks; false (and released) after disposal.</summary>
    public bool Enqueue(MediaPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (_channel.Writer.TryWrite(packet))
        {
            return true;
        }

        packet.Release();
        return false;
    }

    /// <summary>Stops accepting packets and waits until the queued ones have been sent (a recorder's flush).</summary>
    public Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        _channel.Writer.TryComplete();
        return _drain.WaitAsync(cancellationToken);
    }

    /// <summary>Stops now: the packet being sent is cancelled and queued packets are released unsent.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _drain;
        }
        catch (OperationCanceledException)
        {
        }

        while (_channel.Reader.TryRead(out var left))
        {
            left.Release();
        }

        _stop.Dispose();
    }

    private async Task DrainAsync()
    {
        var reader = _channel.Reader;

        // No token on the wait: a bounded channel's reader then reuses one pooled waiter (no allocation per packet);
        // shutdown completes the writer, which ends the wait.
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var packet))
            {
                try
                {
                    await _send(packet, _stop.Token);
                    Interlocked.Increment(ref _sent);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception)
                {
                    // The endpoint's transport reports and reconnects on its own; here one failed packet is counted.
                    Interlocked.Increment(ref _failed);
                    _metrics?.Drops.Add(1, SendFailedTag);
                }
                finally
                {
                    packet.Release();
                }
            }
        }
    }

    private void OnDropped(MediaPacket packet)
    {
        Interlocked.Increment(ref _dropped);
        _metrics?.Drops.Add(1, FullTag);
        packet.Release();
    }
}

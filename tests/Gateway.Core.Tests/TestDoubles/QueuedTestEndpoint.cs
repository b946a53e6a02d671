using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Core.Tests.TestDoubles;

/// <summary>An endpoint with slow I/O: its sends go through an <see cref="EgressQueue"/> and can be blocked by the test.</summary>
internal sealed class QueuedTestEndpoint : IVoiceEndpoint, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate;
    private readonly List<long> _sequences = [];
    private int _started;

    public QueuedTestEndpoint(string id, int capacity, bool blocked)
    {
        Id = new EndpointId(id);
        _gate = new SemaphoreSlim(blocked ? 0 : int.MaxValue);
        Queue = new EgressQueue(capacity, SendAsync);
    }

    public EndpointId Id { get; }

    public EndpointKind Kind => EndpointKind.Memory;

    public CodecProfile EgressProfile => CodecProfile.Pcm48k;

    public EgressQueue Queue { get; }

    /// <summary>Sends that have begun (the first one blocks while the endpoint is stuck).</summary>
    public int Started => Volatile.Read(ref _started);

    public IReadOnlyList<long> Sequences
    {
        get
        {
            lock (_sequences)
            {
                return [.. _sequences];
            }
        }
    }

    public void Unblock() => _gate.Release(int.MaxValue / 2);

    public void Deliver(MediaPacket packet) => Queue.Enqueue(packet);

    public void OnFloorNotice(FloorNotice notice)
    {
    }

    public async ValueTask DisposeAsync()
    {
        Unblock();
        await Queue.DisposeAsync();
        _gate.Dispose();
    }

    private async ValueTask SendAsync(MediaPacket packet, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        await _gate.WaitAsync(cancellationToken);
        lock (_sequences)
        {
            _sequences.Add(packet.Sequence);
        }
    }
}

using System.Threading.Channels;
using Gateway.Core.Events;

namespace Gateway.Storage.Tests.Support;

/// <summary>
/// A small in-process bus with the <see cref="IEventBus"/> contract (bounded per-subscriber queues that drop their own
/// oldest events), used until tests can take the core's implementation.
/// </summary>
public sealed class TestEventBus : IEventBus
{
    private readonly Lock _gate = new();
    private List<Subscription> _subscriptions = [];

    public void Publish(GatewayEvent gatewayEvent)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Offer(gatewayEvent);
        }
    }

    public IEventSubscription Subscribe(string name, int capacity = 1024, Func<GatewayEvent, bool>? filter = null)
    {
        var subscription = new Subscription(this, capacity, filter);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = _subscriptions.Where(s => s != subscription).ToList();
        }
    }

    private sealed class Subscription : IEventSubscription
    {
        private readonly TestEventBus _bus;
        private readonly Func<GatewayEvent, bool>? _filter;
        private readonly Channel<GatewayEvent> _channel;
        private long _dropped;

        public Subscription(TestEventBus bus, int capacity, Func<GatewayEvent, bool>? filter)
        {
            _bus = bus;
            _filter = filter;
            _channel = Channel.CreateBounded<GatewayEvent>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Increment(ref _dropped));
        }

        public ChannelReader<GatewayEvent> Reader => _channel.Reader;

        public long Dropped => Interlocked.Read(ref _dropped);

        public void Offer(GatewayEvent gatewayEvent)
        {
            if (_filter is null || _filter(gatewayEvent))
            {
                _channel.Writer.TryWrite(gatewayEvent);
            }
        }

        public void Dispose()
        {
            _bus.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}

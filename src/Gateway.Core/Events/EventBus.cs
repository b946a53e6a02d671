using System.Threading.Channels;
using Gateway.Core.Metrics;

namespace Gateway.Core.Events;

/// <summary>
/// The in-process event bus: every subscriber owns a bounded drop-oldest channel, so a slow subscriber (a gRPC stream
/// on a bad link, storage during a disk stall) loses its own oldest events and never delays the publisher, which is
/// often the floor arbiter holding its lock. A <see cref="SignalReceived"/> from a terminal bound to a unit
/// (<see cref="Units.UnitEndpointBindings"/>) that names no unit is published with that unit, so every consumer (acks,
/// emergencies, Events subscribers) sees who sent it; connectors need not know the bindings.
/// </summary>
public sealed class EventBus : IEventBus
{
    private static readonly KeyValuePair<string, object?> DropTag = new("reason", "event_subscriber_full");

    private readonly GatewayMetrics? _metrics;
    private readonly Units.UnitEndpointBindings? _bindings;
    private readonly Lock _gate = new();

    // Copy-on-write so Publish walks an immutable array without a lock.
    private volatile Subscription[] _subscribers = [];

    public EventBus(GatewayMetrics? metrics = null, Units.UnitEndpointBindings? bindings = null)
    {
        _metrics = metrics;
        _bindings = bindings;
    }

    /// <summary>Current number of subscribers (for diagnostics and tests).</summary>
    public int SubscriberCount => _subscribers.Length;

    public void Publish(GatewayEvent gatewayEvent)
    {
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        if (gatewayEvent is SignalReceived { Unit: null } signal && _bindings?.UnitOf(signal.Endpoint) is { } unit)
        {
            gatewayEvent = signal with { Unit = unit };
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Offer(gatewayEvent);
        }
    }

    public IEventSubscription Subscribe(string name, int capacity = 1024, Func<GatewayEvent, bool>? filter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new Subscription(this, name, capacity, filter);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscription));
        }
    }

    private sealed class Subscription : IEventSubscription
    {
        private readonly EventBus _bus;
        private readonly Func<GatewayEvent, bool>? _filter;
        private readonly Channel<GatewayEvent> _channel;
        private long _dropped;
        private int _disposed;

        public Subscription(EventBus bus, string name, int capacity, Func<GatewayEvent, bool>? filter)
        {
            _bus = bus;
            Name = name;
            _filter = filter;
            _channel = Channel.CreateBounded<GatewayEvent>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false, SingleWriter = false },
                OnDropped);
        }

        public string Name { get; }

        public ChannelReader<GatewayEvent> Reader => _channel.Reader;

        public long Dropped => Interlocked.Read(ref _dropped);

        public void Offer(GatewayEvent gatewayEvent)
        {
            if (_filter is not null)
            {
                bool wanted;
                try
                {
                    wanted = _filter(gatewayEvent);
                }
                catch (Exception)
                {
                    // A faulty filter is the subscriber's problem: it misses the event, the publisher carries on.
                    wanted = false;
                }

                if (!wanted)
                {
                    return;
                }
            }

            _channel.Writer.TryWrite(gatewayEvent);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _bus.Remove(this);
                _channel.Writer.TryComplete();
            }
        }

        private void OnDropped(GatewayEvent dropped)
        {
            Interlocked.Increment(ref _dropped);
            _bus._metrics?.Drops.Add(1, DropTag);
        }
    }
}

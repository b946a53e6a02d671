using System.Threading.Channels;

namespace Gateway.Core.Events;

/// <summary>
/// In-process publish/subscribe for <see cref="GatewayEvent"/>s. Publishing never blocks: each subscriber has its own
/// bounded queue, and a subscriber that falls behind loses its own oldest events (counted), never the publisher's time.
/// </summary>
public interface IEventBus
{
    void Publish(GatewayEvent gatewayEvent);

    /// <summary>Subscribes; dispose the subscription to stop. <paramref name="filter"/> runs on the publisher's thread: keep it cheap.</summary>
    IEventSubscription Subscribe(string name, int capacity = 1024, Func<GatewayEvent, bool>? filter = null);
}

/// <summary>One subscriber's queue of events.</summary>
public interface IEventSubscription : IDisposable
{
    ChannelReader<GatewayEvent> Reader { get; }

    /// <summary>Events dropped because this subscriber's queue was full.</summary>
    long Dropped { get; }
}

using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Media;

public sealed class EgressQueueTests
{
    [Fact]
    public async Task Router_WithBlockedEndpoint_OtherEndpointsGetEveryFrameAndBlockedOneDropsItsOldest()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        h.Endpoint("talker", "a");
        var fast = h.Endpoint("fast", "a", capture: false);
        await using var stuck = new QueuedTestEndpoint("stuck", capacity: 5, blocked: true);
        h.Switchboard.Attach(stuck, new Identity.TalkGroupId("a"));
        h.Ask("a", "talker");

        h.Submit("talker", "a", Harness.Tone(0));
        Eventually.True(() => stuck.Started == 1, "the stuck endpoint's first send to begin");
        for (var i = 1; i < 100; i++)
        {
            h.Submit("talker", "a", Harness.Tone(i));
        }

        // Every Submit returned with the fast endpoint served, while the stuck one holds frame 0 in its send.
        Assert.Equal(100, fast.Delivered);
        Assert.Equal(5, stuck.Queue.Count);
        Assert.Equal(94, stuck.Queue.Dropped);

        stuck.Unblock();
        Eventually.True(() => stuck.Sequences.Count == 6, "the stuck endpoint to drain");
        Assert.Equal([0L, 95L, 96L, 97L, 98L, 99L], stuck.Sequences);
        Assert.Equal(6, stuck.Queue.Sent);
    }

    [Fact]
    public async Task DisposeAsync_WithQueuedPackets_ReleasesThemToThePool()
    {
        var pool = new Core.Media.MediaPacketPool();
        var blocker = new TaskCompletionSource();
        var queue = new Core.Media.EgressQueue(4, async (_, ct) => await blocker.Task.WaitAsync(ct));
        for (var i = 0; i < 10; i++)
        {
            queue.Enqueue(pool.Rent());
        }

        await queue.DisposeAsync();

        Assert.False(queue.Enqueue(pool.Rent()));
        var created = pool.Created;
        for (var i = 0; i < (int)created; i++)
        {
            pool.Rent();
        }

        Assert.Equal(created, pool.Created);
    }
}

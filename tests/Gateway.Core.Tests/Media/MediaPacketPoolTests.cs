using Gateway.Core.Media;

namespace Gateway.Core.Tests.Media;

public sealed class MediaPacketPoolTests
{
    [Fact]
    public void Rent_AfterReleaseOnAnotherThread_ReusesThePacket()
    {
        var pool = new MediaPacketPool();
        var first = pool.Rent();
        var thread = new Thread(() => first.Release());
        thread.Start();
        thread.Join();

        var again = pool.Rent();
        Assert.Same(first, again);
        Assert.Equal(1, pool.Created);
    }

    [Fact]
    public void Release_BurstBeyondMaxRetained_KeepsOnlyMaxRetainedForReuse()
    {
        var pool = new MediaPacketPool(maxRetained: 8);
        var burst = Enumerable.Range(0, 20).Select(_ => pool.Rent()).ToList();
        foreach (var packet in burst)
        {
            packet.Release();
        }

        // A burst (frames queued while the machine was starved) does not stay allocated: 8 kept, 12 left to the GC.
        Assert.Equal(8, pool.Retained);
        var reused = Enumerable.Range(0, 8).Select(_ => pool.Rent()).ToList();
        Assert.Equal(20, pool.Created);
        pool.Rent();
        Assert.Equal(21, pool.Created);
        Assert.All(reused, p => Assert.Contains(p, burst));
    }
}

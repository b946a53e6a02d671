using Gateway.Connectors.Mumble.Transport;

namespace Gateway.Connectors.Mumble.Tests.Transport;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Next_MaximumJitter_DoublesUntilCap()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3), () => 1.0);

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next().TotalMilliseconds).ToArray();

        Assert.Equal([500, 1000, 2000, 3000, 3000, 3000], delays);
    }

    [Fact]
    public void Next_MinimumJitter_HalvesTheDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 0.0);

        Assert.Equal(500, backoff.Next().TotalMilliseconds);
        Assert.Equal(1000, backoff.Next().TotalMilliseconds);
    }

    [Fact]
    public void Next_RandomJitter_StaysWithinHalfToFullCeiling()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
        for (var i = 0; i < 50; i++)
        {
            var ceiling = Math.Min(2000, 200 * Math.Pow(2, Math.Min(i, 30)));
            Assert.InRange(backoff.Next().TotalMilliseconds, ceiling * 0.5, ceiling);
        }
    }

    [Fact]
    public void Reset_AfterGrowth_StartsFromInitial()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), () => 1.0);
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal(500, backoff.Next().TotalMilliseconds);
    }
}

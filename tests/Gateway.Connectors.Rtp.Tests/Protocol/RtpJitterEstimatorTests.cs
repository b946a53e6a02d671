using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Protocol;

public sealed class RtpJitterEstimatorTests
{
    [Fact]
    public void Update_PerfectPacing_StaysZero()
    {
        var j = new RtpJitterEstimator();
        for (var i = 0; i < 100; i++)
        {
            j.Update(5000 + (i * 960L), (uint)(i * 960));
        }

        Assert.Equal(0u, j.Jitter);
    }

    [Fact]
    public void Update_AlternatingDelay_ConvergesToDelayDifference()
    {
        // Every other packet arrives 480 units (10 ms) late: |D| is 480 each step, so J converges to 480.
        var j = new RtpJitterEstimator();
        for (var i = 0; i < 400; i++)
        {
            j.Update((i * 960L) + (i % 2 == 0 ? 0 : 480), unchecked((uint)(uint.MaxValue - 10_000 + (i * 960))));
        }

        Assert.InRange(j.Jitter, 470u, 480u);
        Assert.InRange(j.JitterMilliseconds(48_000), 9.7, 10.0);
    }
}

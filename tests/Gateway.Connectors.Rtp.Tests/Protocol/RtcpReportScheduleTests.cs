using Gateway.Connectors.Rtp.Rtcp;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Connectors.Rtp.Tests.Protocol;

public sealed class RtcpReportScheduleTests
{
    [Fact]
    public void TryTakeDue_MidRandomValue_FirstAfterHalfIntervalThenEveryInterval()
    {
        var time = new FakeTimeProvider();
        var schedule = new RtcpReportSchedule(time, () => 0.5);
        var dueAt = new List<double>();
        var start = time.GetTimestamp();
        for (var tick = 0; tick < 1000; tick++) // 20 s of 20 ms play-out ticks
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            if (schedule.TryTakeDue(time.GetTimestamp()))
            {
                dueAt.Add(time.GetElapsedTime(start).TotalSeconds);
            }
        }

        Assert.Equal([2.5, 7.5, 12.5, 17.5], dueAt.Select(s => Math.Round(s, 2)));
    }

    [Theory]
    [InlineData(0.0, 1.25, 2.5)]
    [InlineData(0.999, 3.75, 7.5)]
    public void TryTakeDue_RandomExtremes_StayWithinHalfToOneAndAHalfIntervals(double random, double first, double interval)
    {
        var time = new FakeTimeProvider();
        var schedule = new RtcpReportSchedule(time, () => random);
        var start = time.GetTimestamp();

        time.Advance(TimeSpan.FromSeconds(first) - TimeSpan.FromMilliseconds(10));
        Assert.False(schedule.TryTakeDue(time.GetTimestamp()));
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(schedule.TryTakeDue(time.GetTimestamp()));
        Assert.False(schedule.TryTakeDue(time.GetTimestamp())); // once per interval, not once per tick

        time.Advance(TimeSpan.FromSeconds(interval) - TimeSpan.FromMilliseconds(20));
        Assert.False(schedule.TryTakeDue(time.GetTimestamp()));
        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.True(schedule.TryTakeDue(time.GetTimestamp()));
        Assert.InRange(time.GetElapsedTime(start).TotalSeconds, first + interval - 0.1, first + interval + 0.1);
    }
}

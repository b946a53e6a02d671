using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Pacing;
using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Pacing;

public sealed class PacedFrameSourceTests
{
    [Fact]
    public async Task WriteAsync_FasterThanRealTime_ReleasesOneFramePerTwentyMilliseconds()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        h.Endpoint("file", "a");
        var listener = h.Endpoint("listener", "a", capture: false);
        h.Ask("a", "file");
        await using var paced = new PacedFrameSource(h.Switchboard, new EndpointId("file"), new TalkGroupId("a"), h.Time, bufferFrames: 4);

        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await paced.WriteAsync(Harness.Tone(i), i == 0 ? FrameFlags.StartOfTransmission : FrameFlags.None);
            }

            paced.Complete();
        });

        Eventually.True(() => listener.Delivered == 1, "the first frame to go out at once");
        for (var tick = 1; tick < 30; tick++)
        {
            // The pacer never runs ahead of the clock: exactly one more frame per 20 ms of virtual time.
            Assert.Equal(tick, listener.Delivered);
            h.Time.Advance(TimeSpan.FromMilliseconds(20));
            Eventually.True(() => listener.Delivered >= tick + 1, $"frame {tick + 1}");
            Assert.Equal(tick + 1, listener.Delivered);
        }

        await producer.WaitAsync(TimeSpan.FromSeconds(10));
        h.Time.Advance(TimeSpan.FromMilliseconds(20));
        await paced.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(30, paced.FramesSent);
    }

    [Fact]
    public async Task WriteAsync_ShortLastFrame_IsPaddedWithSilence()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        h.Endpoint("file", "a");
        var listener = h.Endpoint("listener", "a");
        h.Ask("a", "file");
        await using var paced = new PacedFrameSource(h.Switchboard, new EndpointId("file"), new TalkGroupId("a"), h.Time);

        await paced.WriteAsync(Enumerable.Repeat(0.5f, 100).ToArray(), FrameFlags.EndOfTransmission);
        paced.Complete();
        Eventually.True(() => listener.Delivered == 1, "the frame");

        var frame = Harness.Frames(listener).Single();
        Assert.All(frame.Pcm!.Take(100), s => Assert.Equal(0.5f, s));
        Assert.All(frame.Pcm!.Skip(100), s => Assert.Equal(0f, s));
        Assert.Equal(960, frame.Pcm!.Length);
    }
}

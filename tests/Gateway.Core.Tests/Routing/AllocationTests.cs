using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Tests.TestDoubles;
using Gateway.Tests.Shared;

namespace Gateway.Core.Tests.Routing;

public sealed class AllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SubmitFrame_SteadyState_AllocatesNothing(bool withMetricListener)
    {
        using var h = new Harness();
        using var recorder = withMetricListener ? new MetricRecorder(h.Metrics) : null;
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        h.Endpoint("talker", "a", capture: false);
        for (var i = 0; i < 300; i++)
        {
            var profile = (i % 3) switch { 0 => CodecProfile.Pcm48k, 1 => CodecProfile.Opus(), _ => CodecProfile.Pcmu };
            h.Endpoint("l" + i, "a", profile, capture: false);
        }

        h.Ask("a", "talker");
        var source = new EndpointId("talker");
        var group = new TalkGroupId("a");
        var other = new EndpointId("l1");
        var pcm = Harness.Tone(0);
        var l16 = new byte[AudioFormat.FrameSamples * 2];
        TestL16CodecFactory.EncodeL16(pcm, l16);

        void RouteBatch()
        {
            for (var i = 0; i < 200; i++)
            {
                h.Switchboard.SubmitFrame(source, group, pcm, default, CodecProfile.Pcm48k, FrameFlags.None);
                h.Switchboard.SubmitFrame(source, group, default, l16, CodecProfile.Pcm48k, FrameFlags.None);
                h.Switchboard.SubmitFrame(source, group, pcm, l16, CodecProfile.Pcm48k, FrameFlags.None);
                h.Switchboard.SubmitFrame(other, group, pcm, default, CodecProfile.Pcm48k, FrameFlags.None);
            }
        }

        RouteBatch(); // Warm-up: encoders, decoders and pooled packets are created here.
        var allocated = SteadyStateAllocation.QuietestWindow(RouteBatch);

        Assert.Equal(0, allocated);
        Assert.InRange(h.Pool.Created, 1, 8);
        Assert.True(h.Codecs.Encodes > 0);
    }
}

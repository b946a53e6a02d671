using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Endpoints;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Routing;
using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Routing;

public sealed class MediaRouterTests : IDisposable
{
    private readonly Harness _h = new();
    private readonly MetricRecorder _metrics;

    public MediaRouterTests()
    {
        _metrics = new MetricRecorder(_h.Metrics);
        _h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        _h.Switchboard.UpsertTalkGroup(Harness.Group("b"));
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _h.Dispose();
    }

    [Fact]
    public void SubmitFrame_FromHolder_ReachesEveryOtherEndpointButNeverTheTalker()
    {
        var talker = _h.Endpoint("talker", "a");
        var listeners = Enumerable.Range(1, 5).Select(i => _h.Endpoint("l" + i, "a")).ToArray();
        _h.Ask("a", "talker");

        for (var i = 0; i < 10; i++)
        {
            _h.Submit("talker", "a", Harness.Tone(i));
        }

        Assert.Equal(0, talker.Delivered);
        foreach (var listener in listeners)
        {
            var frames = Harness.Frames(listener);
            Assert.Equal(10, frames.Count);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), frames.Select(f => f.Sequence));
            Assert.Equal(FrameFlags.StartOfTransmission, frames[0].Flags);
            Assert.All(frames.Skip(1), f => Assert.Equal(FrameFlags.None, f.Flags));
            Assert.Equal(new EndpointId("talker"), frames[0].Talker!.Endpoint);
            Assert.Equal(Harness.Tone(3), frames[3].Pcm);
        }

        Assert.Equal(10, _metrics.Get("gateway.frames.in"));
        Assert.Equal(50, _metrics.Get("gateway.frames.out"));
    }

    [Fact]
    public void BatchMembershipChanges_AttachesInsideTheBatch_RoutedOnlyOnceTheOutermostBatchEnds()
    {
        var talker = _h.Endpoint("talker", "a");
        var early = _h.Endpoint("early", "a");
        _h.Ask("a", "talker");
        InMemoryEndpoint late;
        using (_h.Switchboard.BatchMembershipChanges())
        {
            using (_h.Switchboard.BatchMembershipChanges())
            {
                late = _h.Endpoint("late", "a");
            }

            // Still inside the outer batch: the previous snapshot routes, without the new member.
            _h.Submit("talker", "a", Harness.Tone(0));
            Assert.Equal(1, early.Delivered);
            Assert.Equal(0, late.Delivered);
            Assert.Contains(_h.Switchboard.Endpoints, e => e.Id == new EndpointId("late")); // the control state has it
        }

        _h.Submit("talker", "a", Harness.Tone(1));
        Assert.Equal(2, early.Delivered);
        Assert.Equal(1, late.Delivered);
        Assert.Equal(0, talker.Delivered);
    }

    [Fact]
    public void SubmitFrame_FromNonHolder_DroppedAndCountedByReason()
    {
        _h.Endpoint("talker", "a");
        _h.Endpoint("other", "a");
        var listener = _h.Endpoint("listener", "a");
        _h.Ask("a", "talker");

        _h.Submit("other", "a", Harness.Tone(0));
        _h.Submit("other", "a", Harness.Tone(1));
        _h.Submit("talker", "nope", Harness.Tone(2));
        _h.Submit("talker", "a", new float[100]);
        _h.Switchboard.SubmitFrame(new EndpointId("talker"), new TalkGroupId("a"), default, default, CodecProfile.Pcm48k, FrameFlags.None);

        Assert.Equal(0, listener.Delivered);
        Assert.Equal(2, _metrics.Get("gateway.drops", DropReasons.NotHolder));
        Assert.Equal(1, _metrics.Get("gateway.drops", DropReasons.UnknownGroup));
        Assert.Equal(2, _metrics.Get("gateway.drops", DropReasons.BadFrame));
    }

    [Fact]
    public void SubmitFrame_ToThousandSameProfileEndpoints_EncodesExactlyOncePerFrame()
    {
        _h.Endpoint("talker", "a", CodecProfile.Opus());
        var listeners = Enumerable.Range(0, 1000).Select(i => _h.Endpoint("l" + i, "a", CodecProfile.Opus(), capture: false)).ToArray();
        _h.Ask("a", "talker");

        for (var i = 0; i < 5; i++)
        {
            _h.Submit("talker", "a", Harness.Tone(i));
        }

        Assert.Equal(5, _h.Codecs.Encodes);
        Assert.Equal(1, _h.Codecs.EncodersCreated);
        Assert.All(listeners, l => Assert.Equal(5, l.Delivered));
        Assert.Equal(5, _metrics.Get("gateway.router.encodes"));
    }

    [Fact]
    public void SubmitFrame_DestinationProfileEqualsSourcePayload_ForwardsPayloadUntouchedWithoutCodecs()
    {
        _h.Endpoint("talker", "a", CodecProfile.Opus());
        var listeners = Enumerable.Range(0, 1000).Select(i => _h.Endpoint("l" + i, "a", CodecProfile.Opus(), capture: i >= 3)).ToArray();
        var sample = listeners[0];
        _h.Ask("a", "talker");
        var payload = new byte[] { 0x78, 0x01, 0x02, 0x03, 0xFE };

        for (var i = 0; i < 4; i++)
        {
            payload[1] = (byte)i;
            _h.Switchboard.SubmitFrame(new EndpointId("talker"), new TalkGroupId("a"), default, payload, CodecProfile.Opus(), FrameFlags.None);
        }

        Assert.Equal(0, _h.Codecs.Encodes);
        Assert.Equal(0, _h.Codecs.Decodes);
        var frames = Harness.Frames(listeners[10]);
        Assert.Equal(4, frames.Count);
        Assert.Equal(new byte[] { 0x78, 0x03, 0x02, 0x03, 0xFE }, frames[3].Payload);
        Assert.Null(frames[3].Pcm);
        Assert.Equal(4, sample.Delivered);
    }

    [Fact]
    public void SubmitFrame_ThreeDestinationProfiles_OneEncodePerProfileAndPassThroughForTheSourceProfile()
    {
        _h.Endpoint("talker", "a");
        var pcm = Enumerable.Range(0, 10).Select(i => _h.Endpoint("pcm" + i, "a", CodecProfile.Pcm48k)).ToArray();
        var opus = Enumerable.Range(0, 10).Select(i => _h.Endpoint("opus" + i, "a", CodecProfile.Opus())).ToArray();
        var pcmu = Enumerable.Range(0, 10).Select(i => _h.Endpoint("pcmu" + i, "a", CodecProfile.Pcmu)).ToArray();
        _h.Ask("a", "talker");
        var tone = Harness.Tone(0);
        var l16 = new byte[AudioFormat.FrameSamples * 2];
        TestL16CodecFactory.EncodeL16(tone, l16);

        // PCM and the L16 payload both supplied: L16 listeners get the payload as is, Opus and PCMU are encoded once each.
        _h.Switchboard.SubmitFrame(new EndpointId("talker"), new TalkGroupId("a"), tone, l16, CodecProfile.Pcm48k, FrameFlags.None);

        Assert.Equal(2, _h.Codecs.Encodes);
        Assert.Equal(0, _h.Codecs.Decodes);
        Assert.Equal(l16, Harness.Frames(pcm[4]).Single().Payload);
        Assert.Equal(0xA0 + (int)CodecKind.Opus, Harness.Frames(opus[7]).Single().Payload[0]);
        Assert.Equal(CodecProfile.Pcmu, Harness.Frames(pcmu[9]).Single().Profile);
    }

    [Fact]
    public void SubmitFrame_PayloadOnlySourceAndOtherProfiles_DecodesOncePerFrame()
    {
        _h.Endpoint("talker", "a");
        var opus = Enumerable.Range(0, 20).Select(i => _h.Endpoint("opus" + i, "a", CodecProfile.Opus())).ToArray();
        var pcmu = Enumerable.Range(0, 20).Select(i => _h.Endpoint("pcmu" + i, "a", CodecProfile.Pcmu)).ToArray();
        _h.Ask("a", "talker");
        var tone = Harness.Tone(2);
        var l16 = new byte[AudioFormat.FrameSamples * 2];
        TestL16CodecFactory.EncodeL16(tone, l16);

        _h.Switchboard.SubmitFrame(new EndpointId("talker"), new TalkGroupId("a"), default, l16, CodecProfile.Pcm48k, FrameFlags.None);
        _h.Switchboard.SubmitFrame(new EndpointId("talker"), new TalkGroupId("a"), default, l16, CodecProfile.Pcm48k, FrameFlags.None);

        Assert.Equal(2, _h.Codecs.Decodes);
        Assert.Equal(4, _h.Codecs.Encodes);
        var decoded = Harness.Frames(opus[0])[0].Pcm!;
        Assert.Equal(tone.Select(TestL16CodecFactory.ToS16), decoded.Select(TestL16CodecFactory.ToS16));
    }

    [Fact]
    public void ReleaseFloor_AfterFrames_SendsEndOfTransmissionToListenersOnly()
    {
        var talker = _h.Endpoint("talker", "a");
        var listener = _h.Endpoint("listener", "a");
        var opus = _h.Endpoint("opus", "a", CodecProfile.Opus());
        _h.Ask("a", "talker");
        _h.Submit("talker", "a", Harness.Tone(0));
        _h.Submit("talker", "a", Harness.Tone(1));

        _h.Switchboard.ReleaseFloor(new EndpointId("talker"), new TalkGroupId("a"));

        var frames = Harness.Frames(listener);
        Assert.Equal(3, frames.Count);
        Assert.Equal(FrameFlags.EndOfTransmission, frames[2].Flags);
        Assert.Empty(frames[2].Payload);
        Assert.Equal(2, frames[2].Sequence);
        Assert.Equal(1, opus.EndsOfTransmission);
        Assert.Equal(0, talker.Delivered);
    }

    [Fact]
    public void ReleaseFloor_AfterTalkerSentEndOfTransmission_DoesNotSendASecondOne()
    {
        _h.Endpoint("talker", "a");
        var listener = _h.Endpoint("listener", "a");
        _h.Ask("a", "talker");
        _h.Submit("talker", "a", Harness.Tone(0), FrameFlags.StartOfTransmission);
        _h.Submit("talker", "a", Harness.Tone(1), FrameFlags.EndOfTransmission);

        _h.Switchboard.ReleaseFloor(new EndpointId("talker"), new TalkGroupId("a"));

        Assert.Equal(1, listener.EndsOfTransmission);
        Assert.Equal(2, listener.Delivered);
    }

    [Fact]
    public void Preemption_MidTransmission_EndsOldAndStartsNewTransmissionDownstream()
    {
        _h.Endpoint("normal", "a");
        _h.Endpoint("emergency", "a");
        var listener = _h.Endpoint("listener", "a");
        _h.Ask("a", "normal");
        _h.Submit("normal", "a", Harness.Tone(0));

        _h.Ask("a", "emergency", Priority.Emergency);
        _h.Submit("normal", "a", Harness.Tone(1));
        _h.Submit("emergency", "a", Harness.Tone(2));

        var frames = Harness.Frames(listener);
        Assert.Equal(3, frames.Count);
        Assert.Equal(FrameFlags.EndOfTransmission, frames[1].Flags);
        Assert.Equal(new EndpointId("normal"), frames[1].Talker!.Endpoint);
        Assert.Equal(FrameFlags.StartOfTransmission, frames[2].Flags);
        Assert.Equal(new EndpointId("emergency"), frames[2].Talker!.Endpoint);
        Assert.Equal(1, _metrics.Get("gateway.drops", DropReasons.NotHolder));
    }

    [Fact]
    public void Attach_MidTransmission_LateEntryHearsFromThatMoment()
    {
        _h.Endpoint("talker", "a");
        var early = _h.Endpoint("early", "a");
        _h.Ask("a", "talker");
        _h.Submit("talker", "a", Harness.Tone(0));
        _h.Submit("talker", "a", Harness.Tone(1));

        var late = _h.Endpoint("late", "a");
        _h.Submit("talker", "a", Harness.Tone(2));
        _h.Switchboard.Detach(new EndpointId("early"), new TalkGroupId("a"));
        _h.Submit("talker", "a", Harness.Tone(3));

        Assert.Equal([2L, 3L], Harness.Frames(late).Select(f => f.Sequence));
        Assert.Equal([0L, 1L, 2L], Harness.Frames(early).Select(f => f.Sequence));
    }

    [Fact]
    public void SubmitFrame_OfflineEndpoint_ReceivesNothingUntilBackOnline()
    {
        _h.Endpoint("talker", "a");
        var flaky = _h.Endpoint("flaky", "a");
        _h.Ask("a", "talker");
        _h.Switchboard.SetEndpointOnline(new EndpointId("flaky"), online: false, "link down");
        _h.Submit("talker", "a", Harness.Tone(0));
        _h.Switchboard.SetEndpointOnline(new EndpointId("flaky"), online: true, "link up");
        _h.Submit("talker", "a", Harness.Tone(1));

        Assert.Equal([1L], Harness.Frames(flaky).Select(f => f.Sequence));
    }

    [Fact]
    public void Deliver_EndpointThrows_OthersStillServedAndPacketsReturnToPool()
    {
        var pool = new MediaPacketPool();
        using var h = new Harness();
        using var board = new Switchboard(h.Codecs, h.Bus, h.Metrics, h.Time, pool: pool);
        board.UpsertTalkGroup(Harness.Group("a"));
        var talker = new InMemoryEndpoint(new EndpointId("talker"), CodecProfile.Pcm48k);
        var bad = new InMemoryEndpoint(new EndpointId("bad"), CodecProfile.Pcm48k, capture: false) { OnPacket = _ => throw new InvalidOperationException("boom") };
        var good = new InMemoryEndpoint(new EndpointId("good"), CodecProfile.Pcm48k, capture: false);
        board.Attach(talker, new TalkGroupId("a"));
        board.Attach(bad, new TalkGroupId("a"));
        board.Attach(good, new TalkGroupId("a"));
        board.RequestFloor(Harness.Request("a", "talker"));

        for (var i = 0; i < 50; i++)
        {
            board.SubmitFrame(new EndpointId("talker"), new TalkGroupId("a"), Harness.Tone(i), default, CodecProfile.Pcm48k, FrameFlags.None);
        }

        Assert.Equal(50, good.Delivered);
        Assert.True(pool.Created <= 2, $"packets created: {pool.Created}");
    }
}

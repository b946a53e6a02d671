using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Tests.Fakes;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Units;

namespace Gateway.Connectors.Serial.Tests;

public sealed class RadioEndpointTests
{
    [Fact]
    public async Task Deliver_GroupAudio_KeysThenPlaysAfterLeadInAndUnkeysAfterTail()
    {
        await using var h = new RadioHarness();

        h.DeliverFrame();
        Assert.True(h.Keyed);
        Assert.Equal(TransmitPhase.LeadIn, h.Endpoint.TransmitPhase);
        Assert.False(h.TakePlayout()); // held back during the lead-in, not dropped

        for (var i = 0; i < 4; i++)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(20));
            h.DeliverFrame();
        }

        Assert.False(h.TakePlayout());
        h.Time.Advance(TimeSpan.FromMilliseconds(20)); // 100 ms lead reached
        Assert.Equal(TransmitPhase.Transmitting, h.Endpoint.TransmitPhase);
        var played = 0;
        while (h.TakePlayout())
        {
            played++;
        }

        Assert.Equal(5, played);
        h.DeliverEndOfTransmission();
        h.Time.Advance(TimeSpan.FromMilliseconds(180));
        Assert.True(h.Keyed); // tail
        h.Time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.False(h.Keyed);
        Assert.Equal(TransmitPhase.Idle, h.Endpoint.TransmitPhase);
    }

    [Fact]
    public async Task Squelch_OpenThenClose_FloorRequestedAtPriorityFramesThenReleased()
    {
        await using var h = new RadioHarness();

        h.RunFrames(5);
        h.Squelch = true;
        h.RunFrames(50, captureValue: 0.3f);
        Assert.True(h.Endpoint.IsReceiving);
        var request = Assert.Single(h.Switchboard.Requests);
        Assert.Equal(Priority.Dispatcher, request.Priority);
        Assert.Equal(new TalkGroupId("tg"), request.TalkGroup);
        Assert.Equal(new EndpointId("radio-1"), request.Talker.Endpoint);
        Assert.Null(request.Talker.Unit);

        h.Squelch = false;
        h.RunFrames(30, captureValue: 0f);
        Assert.False(h.Endpoint.IsReceiving);
        Assert.Single(h.Switchboard.Releases);

        var frames = h.Switchboard.Frames.ToArray();
        Assert.Equal(FrameFlags.StartOfTransmission, frames[0].Flags);
        Assert.Equal(FrameFlags.EndOfTransmission, frames[^1].Flags);
        Assert.Single(frames, f => f.Flags == FrameFlags.StartOfTransmission);

        // The delay line keeps the speech captured while the opening was confirmed: the first frame is speech.
        Assert.Equal(0.3f, frames[0].FirstSample);
        Assert.Equal(50, frames.Count(f => f.FirstSample == 0.3f));
        Assert.Equal(HealthState.Healthy, h.Health.StateOf("serial:radio-1"));
    }

    [Fact]
    public async Task Squelch_KerchunkShorterThanMinOpen_Ignored()
    {
        await using var h = new RadioHarness();

        h.RunFrames(5);
        h.Squelch = true;
        h.RunFrames(3); // 60 ms < MinOpenMs 100
        h.Squelch = false;
        h.RunFrames(20);

        Assert.Empty(h.Switchboard.Requests);
        Assert.Empty(h.Switchboard.Frames);
        Assert.Equal(1, h.Endpoint.KerchunksIgnored);
    }

    [Fact]
    public async Task Squelch_FloorQueuedThenGranted_StreamsAfterGrant()
    {
        await using var h = new RadioHarness();
        h.Switchboard.NextOutcome = FloorOutcomeKind.Queued;
        h.Squelch = true;
        h.RunFrames(20);
        Assert.Empty(h.Switchboard.Frames);

        var request = Assert.Single(h.Switchboard.Requests);
        h.Endpoint.OnFloorNotice(new FloorNotice(FloorNoticeKind.Granted, request.TalkGroup));
        h.RunFrames(5);
        Assert.Equal(FrameFlags.StartOfTransmission, h.Switchboard.Frames.First().Flags);
    }

    [Fact]
    public async Task Squelch_FloorDenied_NoFramesNoRelease()
    {
        await using var h = new RadioHarness();
        h.Switchboard.NextOutcome = FloorOutcomeKind.Denied;
        h.Squelch = true;
        h.RunFrames(20);
        h.Squelch = false;
        h.RunFrames(10);
        Assert.Empty(h.Switchboard.Frames);
        Assert.Empty(h.Switchboard.Releases);
    }

    [Fact]
    public async Task Tick_TransmitTimeout_HardUnkeyAndLockOutUntilGroupReleases()
    {
        await using var h = new RadioHarness(o => o.TransmitTimeoutSeconds = 2);

        // The router keeps sending for 3 s (a stuck talker).
        for (var i = 0; i < 150; i++)
        {
            h.DeliverFrame();
            while (h.TakePlayout())
            {
            }

            h.Time.Advance(TimeSpan.FromMilliseconds(20));
            if (i >= 100)
            {
                Assert.False(h.Keyed);
            }
        }

        Assert.Equal(1, h.Endpoint.TransmitTimeouts);
        Assert.Equal(TransmitPhase.LockedOut, h.Endpoint.TransmitPhase);
        Assert.Equal(HealthState.Degraded, h.Health.StateOf("serial:radio-1"));
        Assert.Single(h.Lines.Writes, w => w.Line == "RTS" && w.Level); // keyed once, never re-keyed while locked out

        h.DeliverEndOfTransmission();
        Assert.Equal(TransmitPhase.Idle, h.Endpoint.TransmitPhase);
        h.DeliverFrame();
        Assert.True(h.Keyed); // the next transmission keys again
    }

    [Fact]
    public async Task Ani_DecodedIdentity_TalkerIsTheUnit()
    {
        var units = new FakeUnitDirectory(new UnitSettings(new UnitId("patrol-3"), "Patrol 3", [], null, null, "031"));
        await using var h = new RadioHarness(o => o.Ani.Mode = "dtmf", new ScriptedAniDecoder("031", afterFrames: 12), units);

        h.Squelch = true;
        h.RunFrames(40);

        var request = Assert.Single(h.Switchboard.Requests);
        Assert.Equal(new UnitId("patrol-3"), request.Talker.Unit);
        Assert.Equal("Patrol 3", request.Talker.DisplayName);
    }

    [Fact]
    public async Task Ani_NothingDecodedWithinWait_TalkerIsTheChannel()
    {
        await using var h = new RadioHarness(o => { o.Ani.Mode = "dtmf"; o.Ani.WaitMs = 400; }, new ScriptedAniDecoder("031", afterFrames: 1000), new FakeUnitDirectory());

        h.Squelch = true;
        h.RunFrames(15);
        Assert.Empty(h.Switchboard.Requests);
        h.RunFrames(10);
        var request = Assert.Single(h.Switchboard.Requests);
        Assert.Null(request.Talker.Unit);
        Assert.Equal(FrameFlags.StartOfTransmission, h.Switchboard.Frames.First().Flags);
    }

    [Fact]
    public async Task Squelch_OpenWhileTransmitting_IgnoredUntilUnkeyed()
    {
        await using var h = new RadioHarness();
        h.Squelch = true; // e.g. a repeater echoing our own transmission
        for (var i = 0; i < 30; i++)
        {
            h.DeliverFrame();
            h.TakePlayout();
            h.RunFrames(1);
        }

        Assert.Empty(h.Switchboard.Requests);
        h.DeliverEndOfTransmission();
        h.RunFrames(30, _ => { while (h.TakePlayout()) { } }); // play out, tail, then the squelch counts again
        Assert.False(h.Keyed);
        Assert.Single(h.Switchboard.Requests);
    }

    [Fact]
    public async Task Deliver_PortNotConnected_NeverKeys()
    {
        await using var h = new RadioHarness(connect: false);
        h.DeliverFrame();
        Assert.False(h.Keyed);
        Assert.Equal(TransmitPhase.Idle, h.Endpoint.TransmitPhase);
        Assert.Equal(HealthState.Unhealthy, h.Health.StateOf("serial:radio-1"));
    }

    [Fact]
    public async Task Vox_LoudAudio_OpensWithoutAnyPort()
    {
        await using var h = new RadioHarness(o => { o.Squelch.Method = "vox"; o.Ptt.Method = "none"; o.Squelch.VoxThresholdDb = -30; o.Squelch.VoxHangMs = 200; });
        h.RunFrames(10, captureValue: 0.001f);
        Assert.Empty(h.Switchboard.Requests);
        h.RunFrames(20, captureValue: 0.2f);
        Assert.Single(h.Switchboard.Requests);
        h.RunFrames(30, captureValue: 0.001f);
        Assert.Single(h.Switchboard.Releases);
    }
}

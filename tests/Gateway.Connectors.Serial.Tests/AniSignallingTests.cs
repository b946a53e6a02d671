using Gateway.Audio;
using Gateway.Audio.Tones;
using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Tests.Fakes;
using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Units;

namespace Gateway.Connectors.Serial.Tests;

/// <summary>A decoded ANI is also published as field signalling (acknowledgements, emergency and status codes).</summary>
public sealed class AniSignallingTests
{
    [Fact]
    public async Task Ani_KnownIdentity_PublishesDtmfSignalWithTheUnitAndTerminator()
    {
        var bus = new EventBus();
        using var signals = bus.Subscribe("test", 16, e => e is SignalReceived);
        var units = new FakeUnitDirectory(new UnitSettings(new UnitId("patrol-3"), "Patrol 3", [], null, null, "031"));
        await using var h = new RadioHarness(o => o.Ani.Mode = "dtmf", new ScriptedAniDecoder("031", afterFrames: 12), units, events: bus);

        h.Squelch = true;
        h.RunFrames(40);

        Assert.True(signals.Reader.TryRead(out var e));
        var signal = Assert.IsType<SignalReceived>(e);
        Assert.Equal((new EndpointId("radio-1"), new TalkGroupId("tg"), new UnitId("patrol-3"), SignalKind.Dtmf, "031#"), (signal.Endpoint, signal.Group, signal.Unit, signal.Kind, signal.Value));
    }

    [Fact]
    public async Task Ani_EmergencyCode_PublishesTheWholeSequenceAndTheChannelStillTalks()
    {
        var bus = new EventBus();
        using var signals = bus.Subscribe("test", 16, e => e is SignalReceived);
        await using var h = new RadioHarness(o => o.Ani.Mode = "dtmf", new ScriptedAniDecoder("*9031", afterFrames: 12), new FakeUnitDirectory(), events: bus);

        h.Squelch = true;
        h.RunFrames(40);

        Assert.True(signals.Reader.TryRead(out var e));
        var signal = Assert.IsType<SignalReceived>(e);
        Assert.Equal(("*9031#", null), (signal.Value, signal.Unit));
        Assert.Null(Assert.Single(h.Switchboard.Requests).Talker.Unit); // an unknown identity talks as the channel
    }

    [Fact]
    public async Task Ani_RealDtmfEmergencyCode_IdentityDropsTheStarButTheSignalKeepsTheWholeCode()
    {
        var bus = new EventBus();
        using var signals = bus.Subscribe("test", 16, e => e is SignalReceived);
        var units = new FakeUnitDirectory(new UnitSettings(new UnitId("patrol-3"), "Patrol 3", [], null, null, "031"));
        await using var h = new RadioHarness(o => o.Ani.Mode = "dtmf", new DtmfAniDecoder(), units, events: bus);
        var code = DtmfGenerator.Create("*9031#").Render();

        h.Squelch = true;
        for (var offset = 0; offset + AudioFormat.FrameSamples <= code.Length + (AudioFormat.SampleRate / 2); offset += AudioFormat.FrameSamples)
        {
            var frame = new float[AudioFormat.FrameSamples];
            if (offset < code.Length)
            {
                code.AsSpan(offset, Math.Min(frame.Length, code.Length - offset)).CopyTo(frame);
            }

            h.Endpoint.OnCapturedFrame(frame);
            h.Time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.True(signals.Reader.TryRead(out var e));
        Assert.Equal("*9031#", Assert.IsType<SignalReceived>(e).Value);
        Assert.Null(Assert.Single(h.Switchboard.Requests).Talker.Unit); // "9031" is nobody's ANI: the channel talks
    }
}

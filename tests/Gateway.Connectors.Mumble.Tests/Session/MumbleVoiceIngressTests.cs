using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Connectors.Mumble.Session;
using Gateway.Connectors.Mumble.Tests.Support;
using Gateway.Core.Endpoints;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Connectors.Mumble.Tests.Session;

public sealed class MumbleVoiceIngressTests : IDisposable
{
    private static readonly EndpointId MumbleEndpoint = new("mumble:poc:Sports");
    private static readonly UnitId Patrol = new("patrol-3");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-29T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SessionRig _rig;
    private readonly InMemoryEndpoint _console;
    private readonly MumbleVoiceIngress _ingress;
    private readonly List<byte[]> _tone;

    public MumbleVoiceIngressTests()
    {
        _rig = new SessionRig(_time);
        var self = new InMemoryEndpoint(MumbleEndpoint, CodecProfile.Opus(), capture: false, kind: EndpointKind.Mumble);
        _console = new InMemoryEndpoint(new EndpointId("console"), CodecProfile.Pcm48k);
        _rig.Switchboard.Attach(self, SessionRig.Group);
        _rig.Switchboard.Attach(_console, SessionRig.Group);
        _rig.Switchboard.SetEndpointOnline(self.Id, true, "test");
        _rig.Switchboard.SetEndpointOnline(_console.Id, true, "test");
        _ingress = new MumbleVoiceIngress(
            _rig.Switchboard,
            MumbleEndpoint,
            SessionRig.Group,
            Priority.Normal,
            _rig.Codecs,
            CodecProfile.Opus(),
            session => session == 9 ? null : new Talker(MumbleEndpoint, session == 5 ? Patrol : null, $"user{session}"),
            _time,
            TimeSpan.FromMilliseconds(250));
        using var encoder = _rig.Codecs.CreateEncoder(CodecProfile.Opus());
        var buffer = new byte[AudioFormat.MaxPacketBytes];
        _tone = [.. Enumerable.Range(0, 10).Select(i => buffer[..encoder.Encode(Tone.Frame(700, i), buffer)])];
    }

    public void Dispose()
    {
        _ingress.Dispose();
        _rig.Dispose();
    }

    [Fact]
    public void OnVoicePacket_SpurtWithTerminator_SubmitsFramesAndReleasesFloor()
    {
        for (var i = 0; i < _tone.Count; i++)
        {
            Send(5, i * 2, _tone[i], terminator: i == _tone.Count - 1);
        }

        var frames = Drain();
        Assert.Equal(_tone.Count, frames.Count);
        Assert.True((frames[0].Flags & FrameFlags.StartOfTransmission) != 0);
        Assert.True((frames[^1].Flags & FrameFlags.EndOfTransmission) != 0);
        Assert.All(frames, f => Assert.Equal(Patrol, f.Talker?.Unit));
        Assert.NotEqual(FloorPhase.Taken, _rig.Switchboard.GetFloorStatus(SessionRig.Group).Phase);
        Assert.Null(_ingress.CurrentTalker);
    }

    [Fact]
    public void OnVoicePacket_StopsWithoutTerminator_SilenceTimeoutReleases()
    {
        for (var i = 0; i < 5; i++)
        {
            Send(5, i * 2, _tone[i], terminator: false);
        }

        Assert.Equal(FloorPhase.Taken, _rig.Switchboard.GetFloorStatus(SessionRig.Group).Phase);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(5u, _ingress.CurrentTalker);

        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Null(_ingress.CurrentTalker);
        Assert.NotEqual(FloorPhase.Taken, _rig.Switchboard.GetFloorStatus(SessionRig.Group).Phase);
        var frames = Drain();
        Assert.True((frames[^1].Flags & FrameFlags.EndOfTransmission) != 0);
    }

    [Fact]
    public void OnVoicePacket_SecondUserTalksOver_IgnoredAndCounted()
    {
        Send(5, 0, _tone[0], terminator: false);
        Send(6, 0, _tone[1], terminator: false);
        Send(6, 2, _tone[2], terminator: true);
        Send(5, 2, _tone[3], terminator: true);

        var frames = Drain();
        Assert.Equal(2, frames.Count);
        Assert.All(frames, f => Assert.Equal("user5", f.Talker?.DisplayName));
        Assert.Equal(2, _ingress.IgnoredPackets);
    }

    [Fact]
    public void OnVoicePacket_FromAnotherGatewaySession_IgnoredWithoutFloorRequest()
    {
        Send(9, 0, _tone[0], terminator: false);
        Send(9, 2, _tone[1], terminator: true);

        Assert.Empty(Drain());
        Assert.Equal(2, _ingress.IgnoredPackets);
        Assert.Equal(FloorPhase.Idle, _rig.Switchboard.GetFloorStatus(SessionRig.Group).Phase);
    }

    [Fact]
    public void OnVoicePacket_LostPacket_Concealed()
    {
        Send(5, 0, _tone[0], terminator: false);
        Send(5, 4, _tone[2], terminator: true);

        var frames = Drain();
        Assert.Equal(3, frames.Count);
        Assert.True((frames[1].Flags & FrameFlags.Concealed) != 0);
    }

    [Fact]
    public void OnVoicePacket_FloorHeldByHigherPriority_PacketsIgnoredAndRequestWithdrawn()
    {
        var dispatcher = new Talker(_console.Id, null, "dispatch");
        Assert.Equal(FloorOutcomeKind.Granted, _rig.Switchboard.RequestFloor(new FloorRequest(SessionRig.Group, dispatcher, Priority.Dispatcher)).Kind);

        Send(5, 0, _tone[0], terminator: false);
        Send(5, 2, _tone[1], terminator: true);

        var status = _rig.Switchboard.GetFloorStatus(SessionRig.Group);
        Assert.Equal(_console.Id, status.Holder?.Talker.Endpoint);
        Assert.Equal(0, status.QueueLength);
        Assert.Equal(2, _ingress.IgnoredPackets);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("8005")]
    [InlineData("800500ff")]
    [InlineData("400500")]
    public void OnVoicePacket_MalformedOrNotOpus_CountedWithoutFloorRequest(string hex)
    {
        _ingress.OnVoicePacket(Convert.FromHexString(hex));

        Assert.Equal(1, _ingress.MalformedPackets);
        Assert.Equal(FloorPhase.Idle, _rig.Switchboard.GetFloorStatus(SessionRig.Group).Phase);
    }

    [Fact]
    public void OnVoicePacket_CorruptOpusPayload_CountedAndLoopSurvives()
    {
        Send(5, 0, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF], terminator: false);
        Send(5, 2, _tone[1], terminator: true);

        Assert.Equal(1, _ingress.MalformedPackets);
        var frames = Drain();
        Assert.Single(frames);
        Assert.True((frames[0].Flags & FrameFlags.EndOfTransmission) != 0);
    }

    private void Send(uint session, long sequence, byte[] opus, bool terminator)
    {
        var buffer = new byte[64 + opus.Length];
        var length = VoicePacketCodec.WriteServer(buffer, session, sequence, opus, terminator);
        _ingress.OnVoicePacket(buffer.AsSpan(0, length));
    }

    private List<ReceivedFrame> Drain()
    {
        var frames = new List<ReceivedFrame>();
        while (_console.Frames.TryRead(out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }
}

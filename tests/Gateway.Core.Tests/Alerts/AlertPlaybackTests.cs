using Gateway.Audio;
using Gateway.Audio.Tones;
using Gateway.Core.Alerts;
using Gateway.Core.Endpoints;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Alerts;

public sealed class AlertPlaybackTests
{
    [Fact]
    public async Task Broadcast_WithText_TextPostedToEveryTargetGroup()
    {
        await using var rig = await AlertRig.StartAsync();
        var north = rig.Harness.Endpoint("console-n", "north");
        var south = rig.Harness.Endpoint("console-s", "south");
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(groups: ["north", "south"], signalling: new AlertSignalling(SignallingKind.Dtmf, DtmfDigits: "1")), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: north);

        Assert.Equal(
            [("north", "fire at the sports centre"), ("south", "fire at the sports centre")],
            rig.Texts.Posts.Select(p => (p.Group.Value, p.Text)).Order().ToList());
        Assert.True(south.Delivered > 0, "the south group heard the page too");
    }

    [Fact]
    public async Task Broadcast_DtmfSignalling_ListenerHearsDigits()
    {
        await using var rig = await AlertRig.StartAsync();
        var listener = rig.Harness.Endpoint("console", "north");
        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(signalling: new AlertSignalling(SignallingKind.Dtmf, DtmfDigits: "4711")), "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: listener);

        Assert.Equal("4711", DetectDtmf(Pcm(listener)));
    }

    [Fact]
    public async Task Broadcast_SelCallPerUnit_EachUnitsCodeDecodedThenVoice()
    {
        await using var rig = await AlertRig.StartAsync();
        var listener = rig.Harness.Endpoint("console", "north");
        var voice = new float[AudioFormat.SampleRate / 2];
        for (var i = 0; i < voice.Length; i++)
        {
            voice[i] = 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / AudioFormat.SampleRate);
        }

        var pcm16 = new byte[voice.Length * 2];
        for (var i = 0; i < voice.Length; i++)
        {
            BitConverter.TryWriteBytes(pcm16.AsSpan(i * 2), (short)(voice[i] * 32767));
        }

        var request = AlertRig.Request(signalling: new AlertSignalling(SignallingKind.SelCall, SelCallPerUnit: true), voice: new AlertVoice(pcm16));
        var alert = await rig.Engine.BroadcastAsync(request, "test");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: listener);

        var heard = Pcm(listener);
        var decoder = new SelcallDecoder(SelcallStandard.Zvei1);
        var codes = new List<string>();
        for (var offset = 0; offset + AudioFormat.FrameSamples <= heard.Length; offset += AudioFormat.FrameSamples)
        {
            if (decoder.Process(heard.AsSpan(offset, AudioFormat.FrameSamples)) is { } code)
            {
                codes.Add(code);
            }
        }

        Assert.Equal(["12031", "12032"], codes);
        // The voice follows the tones: the last half second carries the 440 Hz clip at its level.
        var tail = heard.AsSpan(heard.Length - (AudioFormat.SampleRate / 4));
        Assert.InRange(Rms(tail), 0.15, 0.25);
    }

    [Fact]
    public async Task Broadcast_Emergency_PreemptsOngoingNormalTransmission()
    {
        await using var rig = await AlertRig.StartAsync();
        var radio = rig.Harness.Endpoint("radio", "north");
        var listener = rig.Harness.Endpoint("console", "north");
        Assert.Equal(FloorOutcomeKind.Granted, rig.Harness.Ask("north", "radio", Priority.Normal).Kind);

        var alert = await rig.Engine.BroadcastAsync(AlertRig.Request(priority: Priority.Emergency, signalling: new AlertSignalling(SignallingKind.Dtmf, DtmfDigits: "9")), "test");
        Eventually.True(() => rig.Harness.Switchboard.GetFloorStatus(new TalkGroupId("north")).Holder?.Priority == Priority.Emergency, "the alert holds the floor");
        Eventually.True(() => Harness.Notices(radio).Any(n => n.Kind == FloorNoticeKind.Revoked), "the radio was pre-empted");
        rig.WaitForState(alert.Id, AlertState.AwaitingAck, pumpUntilHeardBy: listener);

        Assert.Equal("9", DetectDtmf(Pcm(listener)));
        Assert.Null(rig.Harness.Switchboard.GetFloorStatus(new TalkGroupId("north")).Holder);
    }

    private static float[] Pcm(InMemoryEndpoint endpoint) =>
        Harness.Frames(endpoint).Where(f => f.Pcm is not null).SelectMany(f => f.Pcm!).ToArray();

    private static string DetectDtmf(float[] audio)
    {
        var detector = new DtmfDetector();
        Span<char> digits = stackalloc char[8];
        var result = new System.Text.StringBuilder();
        for (var offset = 0; offset + AudioFormat.FrameSamples <= audio.Length; offset += AudioFormat.FrameSamples)
        {
            var n = detector.Process(audio.AsSpan(offset, AudioFormat.FrameSamples), digits);
            result.Append(digits[..n]);
        }

        return result.ToString();
    }

    private static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }
}

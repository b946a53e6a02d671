using Gateway.Audio;
using Gateway.Audio.Tones;
using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Tests.Fakes;
using Gateway.Core.Identity;
using Gateway.Core.Units;

namespace Gateway.Connectors.Serial.Tests.Control;

public sealed class AniDecoderTests
{
    [Fact]
    public void Dtmf_GeneratedIdThenPause_DecodedOnce()
    {
        var audio = DtmfGenerator.Create("031").Render().Concat(new float[AudioFormat.SampleRate / 2]).ToArray();
        var decoded = Feed(new DtmfAniDecoder(), audio);
        Assert.Equal(["031"], decoded);
    }

    [Fact]
    public void Dtmf_HashTerminatesAndStarIsNotPartOfTheId()
    {
        var audio = DtmfGenerator.Create("*42#").Render();
        Assert.Equal(["42"], Feed(new DtmfAniDecoder(pauseMs: 5000), audio));
    }

    [Fact]
    public void Dtmf_SpeechLikeToneOnly_NothingDecoded()
    {
        var audio = new float[AudioFormat.SampleRate];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / AudioFormat.SampleRate);
        }

        Assert.Empty(Feed(new DtmfAniDecoder(), audio));
    }

    [Theory]
    [InlineData(SelcallStandard.Zvei1)]
    [InlineData(SelcallStandard.Ccir)]
    public void Selcall_GeneratedCode_Decoded(SelcallStandard standard)
    {
        var audio = SelcallGenerator.Create("12031", standard).Render().Concat(new float[AudioFormat.SampleRate / 4]).ToArray();
        Assert.Equal(["12031"], Feed(new SelcallAniDecoder(standard), audio));
    }

    [Fact]
    public async Task Endpoint_DtmfAniAtKeyUp_TalkerIsTheUnit()
    {
        var units = new FakeUnitDirectory(new UnitSettings(new UnitId("patrol-3"), "Patrol 3", [], null, null, "031"));
        await using var h = new RadioHarness(o => o.Ani.Mode = "dtmf", new DtmfAniDecoder(), units);
        var ani = DtmfGenerator.Create("031").Render();

        h.Squelch = true;
        for (var offset = 0; offset + AudioFormat.FrameSamples <= ani.Length + (AudioFormat.SampleRate / 2); offset += AudioFormat.FrameSamples)
        {
            var frame = new float[AudioFormat.FrameSamples];
            if (offset < ani.Length)
            {
                ani.AsSpan(offset, Math.Min(frame.Length, ani.Length - offset)).CopyTo(frame);
            }

            h.Endpoint.OnCapturedFrame(frame);
            h.Time.Advance(TimeSpan.FromMilliseconds(20));
        }

        var request = Assert.Single(h.Switchboard.Requests);
        Assert.Equal(new UnitId("patrol-3"), request.Talker.Unit);
    }

    private static List<string> Feed(IAniDecoder decoder, float[] audio)
    {
        var list = new List<string>();
        for (var offset = 0; offset + AudioFormat.FrameSamples <= audio.Length; offset += AudioFormat.FrameSamples)
        {
            if (decoder.TryDecode(audio.AsSpan(offset, AudioFormat.FrameSamples), out var id))
            {
                list.Add(id);
            }
        }

        return list;
    }
}

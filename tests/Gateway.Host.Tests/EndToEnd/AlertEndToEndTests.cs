using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Tests.Interop;
using Gateway.Host.Tests.EndToEnd.Support;
using Google.Protobuf;
using Xunit.Abstractions;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// Issue 10 end to end through the real host: a page reaches an RTP console and a Mumble handset with its tones, voice
/// and text; acknowledgements come back over gRPC, RFC 4733 DTMF from the RTP peer and a Mumble text reply.
/// </summary>
public sealed class AlertEndToEndTests(ITestOutputHelper output)
{
    private const double ToneA = 741.3;
    private const double ToneB = 1153.4;
    private const string AlertText = "Fire alarm, north stand. Acknowledge.";
    private static readonly TimeSpan PlayTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Broadcast_GroupWithRtpAndMumble_PlaysTonesVoiceAndTextAndCollectsAcksFromEverySource()
    {
        await using var scene = await PagingScene.StartAsync();
        var alerts = scene.Host.Alerts;

        var alert = await alerts.BroadcastAsync(Page(["sports"]));
        Assert.Equal(3, alert.Units.Count);
        await Poll.UntilAsync(() => alerts.GetAlertAsync(new V1.GetAlertRequest { AlertId = alert.Id }).ResponseAsync, a => a.State == V1.AlertState.AwaitingAck, PlayTimeout, "the page played");

        // The console heard the two-tone page, then the voice.
        AssertTonesThenVoice("RTP console", scene.Console.DecodeReceived(scene.Codecs, CodecProfile.Opus(), PagingScene.OpusPayloadType), output);

        // The handset heard the same, from the gateway's Mumble user, and got the alert text.
        var gatewaySession = scene.Patrol7.SessionOf("gateway-1");
        AssertTonesThenVoice("Mumble handset", DecodeMumble(scene.Patrol7, gatewaySession, scene.Codecs), output);
        await Wait.UntilAsync(() => scene.Patrol7.Texts.Any(t => t.Text.Contains("north stand", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "the alert text in the channel");

        // Acknowledgements: gRPC, DTMF "031#" from the RTP console (unit engine-1's radio), "ack" typed on patrol-7's handset.
        var grpcAck = await alerts.AcknowledgeAsync(new V1.AcknowledgeRequest { AlertId = alert.Id, UnitId = "command-1", Note = "on my way" });
        Assert.True(grpcAck.First);
        await scene.Console.SendDtmfAsync("031#");
        await scene.Patrol7.SendTextAsync(scene.SportsChannel, "ack");

        var board = await Poll.UntilAsync(() => alerts.GetAlertAsync(new V1.GetAlertRequest { AlertId = alert.Id }).ResponseAsync, a => a.Counts.Acknowledged == 3, TimeSpan.FromSeconds(10), "three acknowledgements");
        Assert.Equal(V1.AckSource.Grpc, Unit(board, "command-1").Via);
        Assert.Equal(V1.AckSource.Dtmf, Unit(board, "engine-1").Via);
        Assert.Equal(V1.AckSource.MumbleText, Unit(board, "patrol-7").Via);
        Assert.All(board.Units, u => Assert.True(u.ResponseMs >= 0 && u.AcknowledgedAt is not null));
        Assert.Equal(3, board.Counts.Within1Minute);
        Assert.Equal(V1.AlertState.Completed, board.State);

        // A duplicate is recorded without changing the first acknowledgement.
        var again = await alerts.AcknowledgeAsync(new V1.AcknowledgeRequest { AlertId = alert.Id, UnitId = "engine-1" });
        Assert.False(again.First);
        Assert.Equal(V1.AckSource.Dtmf, again.Status.Via);
    }

    internal static V1.BroadcastRequest Page(IEnumerable<string> groups, V1.Priority priority = V1.Priority.Alert, V1.AckPolicy? ack = null) => new()
    {
        Targets = new V1.AlertTargets { TalkGroupIds = { groups } },
        Priority = priority,
        Signalling = new V1.Signalling
        {
            TwoTone = new V1.TwoToneSequential { Codes = { new V1.TwoToneCode { FirstHz = ToneA, FirstMs = 1000, SecondHz = ToneB, SecondMs = 1000 } } },
        },
        Voice = new V1.AlertVoice { Clip = new V1.AudioClip { Data = ByteString.CopyFrom(TestAudio.SpeechWav(1.5)), Format = V1.ClipFormat.Wav } },
        Text = AlertText,
        AckPolicy = ack ?? new V1.AckPolicy { Required = true },
    };

    internal static V1.UnitAlertStatus Unit(V1.Alert alert, string unit) => alert.Units.Single(u => u.UnitId == unit);

    /// <summary>Two-tone page recognised by the gateway's own detector, then speech (loud, and not the tone) after it.</summary>
    internal static void AssertTonesThenVoice(string where, float[] audio, ITestOutputHelper? output = null)
    {
        var page = TestAudio.FindTwoTonePage(audio, ToneA, ToneB, TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(600));
        Assert.True(page >= 0, $"{where}: the two-tone page {ToneA}/{ToneB} Hz was not detected in {audio.Length / 48_000.0:0.00} s of audio");

        // Tone B lasts until ~1 s after A ended; then a 300 ms gap, then 1.5 s of speech.
        var voiceStart = Math.Min(audio.Length, page + (int)(0.8 * 48_000));
        var voice = audio.AsSpan(voiceStart);
        var loud = TestAudio.LoudShare(voice, -45);
        var toneShare = TestAudio.EnergyShare(voice, ToneB);
        output?.WriteLine($"{where}: page at {page / 48_000.0:0.00} s, after it {voice.Length / 48_000.0:0.00} s, loud share {loud:0.00}, tone-B share {toneShare:0.000}");
        Assert.True(voice.Length >= 48_000, $"{where}: only {voice.Length / 48_000.0:0.00} s of audio after the tones");
        Assert.True(loud >= 0.4, $"{where}: no voice energy after the tones (loud share {loud:0.00})");
        Assert.True(toneShare < 0.2, $"{where}: the audio after the tones is still the tone ({toneShare:0.00})");
    }

    internal static float[] DecodeMumble(TestMumbleClient client, uint fromSession, ICodecFactory codecs)
    {
        using var decoder = codecs.CreateDecoder(CodecProfile.Opus());
        var output = new List<float>();
        var frame = new float[48 * 120];
        while (client.Voice.Reader.TryRead(out var packet))
        {
            if (packet.Session == fromSession && packet.Opus.Length > 0)
            {
                var samples = decoder.Decode(packet.Opus, frame);
                output.AddRange(frame.AsSpan(0, samples));
            }
        }

        return [.. output];
    }
}

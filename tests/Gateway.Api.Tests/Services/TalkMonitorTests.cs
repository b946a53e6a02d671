using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Tests.Shared;
using Google.Protobuf;
using Grpc.Core;

namespace Gateway.Api.Tests.Services;

[Collection(GatewayServerCollection.Name)]
public sealed class TalkMonitorTests
{
    private readonly GatewayServer _server;

    public TalkMonitorTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Talk_WavIntoGroup_MonitorReceivesSameAudio()
    {
        var (sent, rate) = Wav.ReadMono16(TestPaths.TestDataFile("dispatch-en-48k.wav"));
        Assert.Equal(48_000, rate);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));

        using var monitor = _server.Calls.Monitor(
            new MonitorRequest { TalkGroupIds = { "alpha" }, Format = AudioFormat.Pcm1648K }, GatewayServer.Bearer(GatewayServer.ObserverKey), cancellationToken: cts.Token);
        await TestWait.MonitorAttachedAsync(_server, "alpha", cts.Token);
        var received = MonitorCollector.Start(monitor, cts.Token);

        using var talk = _server.Calls.Talk(GatewayServer.Bearer(GatewayServer.DispatcherKey), cancellationToken: cts.Token);
        await talk.RequestStream.WriteAsync(new TalkRequest
        {
            Start = new TalkStart { TalkGroupId = "alpha", Priority = Priority.Dispatcher, DisplayName = "Console 1", Format = AudioFormat.Pcm1648K },
        }, cts.Token);
        Assert.True(await talk.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(TalkResponse.MessageOneofCase.Granted, talk.ResponseStream.Current.MessageCase);
        var callId = talk.ResponseStream.Current.Granted.CallId;
        Assert.False(string.IsNullOrEmpty(callId));

        // Odd chunk sizes on purpose: the gateway re-frames to 20 ms whatever the client sends.
        var bytes = Wav.ToBytes(sent);
        for (var offset = 0; offset < bytes.Length; offset += 4001)
        {
            var length = Math.Min(4001, bytes.Length - offset);
            await talk.RequestStream.WriteAsync(new TalkRequest { Audio = new TalkAudio { Data = ByteString.CopyFrom(bytes, offset, length) } }, cts.Token);
        }

        await talk.RequestStream.WriteAsync(new TalkRequest { Stop = new TalkStop() }, cts.Token);
        await talk.RequestStream.CompleteAsync();
        Assert.True(await talk.ResponseStream.MoveNext(cts.Token));
        var ended = talk.ResponseStream.Current;
        Assert.Equal(TalkResponse.MessageOneofCase.Ended, ended.MessageCase);
        Assert.Equal(callId, ended.Ended.CallId);
        Assert.Equal(TransmissionEndReason.Released, ended.Ended.Reason);
        // Paced to real time: the transmission lasted at least as long as the audio (no upper bound: a loaded machine
        // may stretch it, and the received length below is what must match the sent audio).
        Assert.True(ended.Ended.DurationMs >= 4_500, $"transmission lasted {ended.Ended.DurationMs} ms for {sent.Length / 48} ms of audio");

        var result = await received.UntilEndOfTransmissionAsync(cts.Token);
        Assert.All(result.Frames, f => Assert.Equal("alpha", f.TalkGroupId));
        Assert.All(result.Frames, f => Assert.Equal("Console 1", f.Talker.DisplayName));
        Assert.True(result.Frames[0].StartOfTransmission);

        var pcm = result.Samples;
        var sentMs = sent.Length / 48.0;
        var receivedMs = pcm.Length / 48.0;
        Assert.InRange(receivedMs, sentMs - 40, sentMs + 40);

        // Align on a one-second excerpt, then correlate the whole signal at that lag.
        var (_, lag) = Signals.BestCorrelation(sent[48_000..96_000], pcm[48_000..96_000], 960);
        var (correlation, _) = Signals.BestCorrelation(sent, pcm, 0 + Math.Abs(lag));
        Assert.True(correlation >= 0.9, $"cross-correlation {correlation:F3} at lag {lag}");
        Assert.Contains(result.Events, e => e.Floor?.Type == FloorEventType.Granted && e.Floor.CallId == callId);
    }

    [Fact]
    public async Task Talk_EmergencyTalker_PreEmptsNormalTalkerSeenByBothStreams()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var headers = GatewayServer.Bearer(GatewayServer.DispatcherKey);
        using var monitor = _server.Calls.Monitor(
            new MonitorRequest { TalkGroupIds = { "bravo" }, Format = AudioFormat.Pcm1648K }, GatewayServer.Bearer(GatewayServer.ObserverKey), cancellationToken: cts.Token);
        await TestWait.MonitorAttachedAsync(_server, "bravo", cts.Token);
        var observed = MonitorCollector.Start(monitor, cts.Token);

        using var normal = _server.Calls.Talk(headers, cancellationToken: cts.Token);
        await normal.RequestStream.WriteAsync(Start("bravo", Priority.Normal, "patrol car"), cts.Token);
        var normalGranted = await NextAsync(normal, cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Granted, normalGranted.MessageCase);
        await normal.RequestStream.WriteAsync(Tone(200), cts.Token);

        using var emergency = _server.Calls.Talk(headers, cancellationToken: cts.Token);
        await emergency.RequestStream.WriteAsync(Start("bravo", Priority.Emergency, "officer down"), cts.Token);
        var emergencyGranted = await NextAsync(emergency, cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Granted, emergencyGranted.MessageCase);

        var revoked = await NextAsync(normal, cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Revoked, revoked.MessageCase);
        Assert.Equal(TransmissionEndReason.PreEmpted, revoked.Revoked.Reason);
        var normalEnded = await NextAsync(normal, cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Ended, normalEnded.MessageCase);
        Assert.Equal(TransmissionEndReason.PreEmpted, normalEnded.Ended.Reason);

        // The emergency talker is heard; the pre-empted one's further audio is discarded.
        await emergency.RequestStream.WriteAsync(Tone(300), cts.Token);
        await normal.RequestStream.WriteAsync(Tone(300), cts.Token);
        await emergency.RequestStream.WriteAsync(new TalkRequest { Stop = new TalkStop() }, cts.Token);
        var emergencyEnded = await NextAsync(emergency, cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Ended, emergencyEnded.MessageCase);
        Assert.Equal(TransmissionEndReason.Released, emergencyEnded.Ended.Reason);
        await emergency.RequestStream.CompleteAsync();
        await normal.RequestStream.CompleteAsync();

        var seen = await observed.UntilAsync(r => r.Events.Any(e => e.Floor?.Type == FloorEventType.Released && e.Floor.Talker.DisplayName == "officer down"), cts.Token);
        var floor = seen.Events.Where(e => e.Floor is not null).Select(e => (e.Floor.Type, e.Floor.Talker.DisplayName)).ToList();
        var grantedNormal = floor.IndexOf((FloorEventType.Granted, "patrol car"));
        var revokedNormal = floor.IndexOf((FloorEventType.Revoked, "patrol car"));
        var grantedEmergency = floor.IndexOf((FloorEventType.Granted, "officer down"));
        Assert.True(grantedNormal >= 0 && revokedNormal > grantedNormal && grantedEmergency > grantedNormal, string.Join(", ", floor));
        Assert.Contains(seen.Events, e => e.Floor?.Type == FloorEventType.Revoked && e.Floor.EndReason == TransmissionEndReason.PreEmpted);
        Assert.Contains(seen.Frames, f => f.Talker.DisplayName == "officer down");
    }

    [Fact]
    public async Task Talk_DisconnectMidTransmission_ReleasesFloorAtOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var call = new CancellationTokenSource();
        using var talk = _server.Calls.Talk(GatewayServer.Bearer(GatewayServer.DispatcherKey), cancellationToken: call.Token);
        await talk.RequestStream.WriteAsync(Start("south", Priority.Normal, "leaver"), cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Granted, (await NextAsync(talk, cts.Token)).MessageCase);
        // Three seconds of audio sent (buffered in flow control; the server paces it), then the client vanishes.
        for (var i = 0; i < 6; i++)
        {
            await talk.RequestStream.WriteAsync(Tone(500), cts.Token);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await call.CancelAsync();
        var floor = await TestWait.UntilAsync(async () =>
        {
            var group = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "south" }, GatewayServer.Bearer(GatewayServer.ObserverKey), cancellationToken: cts.Token);
            return group.Floor.Phase != FloorPhase.Taken ? group.Floor : null;
        }, cts.Token);
        Assert.NotEqual(FloorPhase.Taken, floor.Phase);
        // Released on disconnect, not after the three seconds of audio would have played out.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"floor still taken {clock.Elapsed} after the disconnect");
    }

    internal static TalkRequest Start(string group, Priority priority, string name, AudioFormat format = AudioFormat.Pcm1648K) =>
        new() { Start = new TalkStart { TalkGroupId = group, Priority = priority, DisplayName = name, Format = format } };

    /// <summary>A 440 Hz tone chunk of <paramref name="milliseconds"/> as PCM16.</summary>
    internal static TalkRequest Tone(int milliseconds)
    {
        var samples = new short[48 * milliseconds];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 48_000.0));
        }

        return new TalkRequest { Audio = new TalkAudio { Data = ByteString.CopyFrom(Wav.ToBytes(samples)) } };
    }

    internal static async Task<TalkResponse> NextAsync(AsyncDuplexStreamingCall<TalkRequest, TalkResponse> call, CancellationToken ct)
    {
        Assert.True(await call.ResponseStream.MoveNext(ct), "the Talk stream ended early");
        return call.ResponseStream.Current;
    }
}

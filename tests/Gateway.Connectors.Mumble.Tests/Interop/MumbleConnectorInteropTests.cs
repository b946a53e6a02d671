using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Tests.Support;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Xunit.Abstractions;

namespace Gateway.Connectors.Mumble.Tests.Interop;

/// <summary>The connector against the real murmurd: voice both ways, presence, texts, reconnect.</summary>
public sealed class MumbleConnectorInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Voice_FromMumbleUserInMappedChannel_ArrivesAtGroupEndpointAsTone()
    {
        await using var harness = await MumbleGatewayHarness.StartAsync(output);
        await using var patrol = await TestMumbleClient.ConnectAsync(harness.Server.Port, "patrol3");
        await patrol.JoinAsync("Tianhe/Sports");

        await TalkAsync(patrol, harness.EncodeTone(1000, 40));

        var frames = await CollectTransmissionAsync(harness.SportsConsole);
        var pcm = frames.Where(f => f.Pcm is not null).SelectMany(f => f.Pcm!).ToList();
        Assert.InRange(Tone.EstimateFrequency(pcm), 990, 1010);
        Assert.All(frames, f => Assert.Equal(MumbleGatewayHarness.Patrol3, f.Talker?.Unit));
        Assert.Equal("patrol3", frames[0].Talker?.DisplayName);
        Assert.True((frames[^1].Flags & FrameFlags.EndOfTransmission) != 0);
        Assert.InRange(frames.Count, 30, 45);
        Assert.Equal(0, harness.HarbourConsole.Delivered);
    }

    [Fact]
    public async Task Voice_FromGroupEndpoint_ArrivesAtMumbleClientAsDecodableOpus()
    {
        await using var harness = await MumbleGatewayHarness.StartAsync(output);
        await using var patrol = await TestMumbleClient.ConnectAsync(harness.Server.Port, "patrol3");
        await patrol.JoinAsync("Tianhe/Sports");
        var console = harness.SportsConsole;
        var grant = harness.Switchboard.RequestFloor(new FloorRequest(MumbleGatewayHarness.Sports, new Talker(console.Id, null, "dispatch"), Priority.Dispatcher));
        Assert.Equal(FloorOutcomeKind.Granted, grant.Kind);

        using var pacing = new PeriodicTimer(AudioFormat.FrameDuration);
        for (var i = 0; i < 40; i++)
        {
            await pacing.WaitForNextTickAsync();
            harness.Switchboard.SubmitFrame(console.Id, MumbleGatewayHarness.Sports, Tone.Frame(600, i), ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, FrameFlags.None);
        }

        harness.Switchboard.SubmitFrame(console.Id, MumbleGatewayHarness.Sports, ReadOnlySpan<float>.Empty, ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, FrameFlags.EndOfTransmission);
        harness.Switchboard.ReleaseFloor(console.Id, MumbleGatewayHarness.Sports);

        var packets = new List<ReceivedVoice>();
        using var timeout = new CancellationTokenSource(Timeout);
        while (packets.Count == 0 || !packets[^1].Terminator)
        {
            packets.Add(await patrol.Voice.Reader.ReadAsync(timeout.Token));
        }

        using var decoder = harness.Codecs.CreateDecoder(CodecProfile.Opus());
        var pcm = new List<float>();
        var buffer = new float[AudioFormat.FrameSamples * 6];
        foreach (var packet in packets)
        {
            var samples = decoder.Decode(packet.Opus, buffer);
            if (!packet.Terminator)
            {
                // The end marker carries an encoded silent frame; the tone is measured on the talk spurt itself.
                pcm.AddRange(buffer.AsSpan(0, samples).ToArray());
            }

            Assert.InRange(packet.Opus.Length, 1, 140);
        }

        output.WriteLine($"MEASURED: {packets.Count} voice packets, Opus {packets.Min(p => p.Opus.Length)}..{packets.Max(p => p.Opus.Length)} B (avg {packets.Average(p => p.Opus.Length):0}) at 32 kbit/s");
        Assert.InRange(packets.Count, 40, 42);
        Assert.InRange(Tone.EstimateFrequency(pcm), 594, 606);
        Assert.All(packets, p => Assert.Equal(packets[0].Session, p.Session));
        Assert.True(packets.Zip(packets.Skip(1)).All(p => p.Second.Sequence == p.First.Sequence + 2), "sequence advances by 2 per 20 ms packet");
        Assert.Equal(0, harness.HarbourConsole.Delivered);
    }

    [Fact]
    public async Task Presence_UserEntersMovesAndLeaves_UnitDirectoryFollows()
    {
        await using var harness = await MumbleGatewayHarness.StartAsync(output);
        var sportsEndpoint = harness.EndpointFor(MumbleGatewayHarness.Sports).Endpoint;
        var harbourEndpoint = harness.EndpointFor(MumbleGatewayHarness.Harbour).Endpoint;
        using var events = harness.Subscribe(e => e is UnitPresenceChanged);
        IReadOnlyList<EndpointId> OnlineAt() => harness.Units.Find(MumbleGatewayHarness.Patrol3)!.OnlineEndpoints;

        var patrol = await TestMumbleClient.ConnectAsync(harness.Server.Port, "patrol3");
        Assert.Empty(OnlineAt());
        await patrol.JoinAsync("Tianhe/Sports");
        await Wait.UntilAsync(() => OnlineAt().SequenceEqual([sportsEndpoint]), Timeout, "patrol-3 online in Sports");
        Assert.NotNull(harness.Units.Find(MumbleGatewayHarness.Patrol3)!.LastSeen);

        await patrol.JoinAsync("Harbour");
        await Wait.UntilAsync(() => OnlineAt().SequenceEqual([harbourEndpoint]), Timeout, "patrol-3 moved to Harbour");

        await patrol.DisposeAsync();
        await Wait.UntilAsync(() => OnlineAt().Count == 0, Timeout, "patrol-3 offline after disconnect");

        var seen = new List<UnitPresenceChanged>();
        while (events.Reader.TryRead(out var e))
        {
            seen.Add((UnitPresenceChanged)e);
        }

        Assert.Contains(seen, e => e.Endpoint == sportsEndpoint && e.Online);
        Assert.Contains(seen, e => e.Endpoint == sportsEndpoint && !e.Online);
        Assert.Contains(seen, e => e.Endpoint == harbourEndpoint && !e.Online);
    }

    [Fact]
    public async Task Text_AlertPostedAndAckReplied_ClientSeesAlertAndGatewayPublishesSignal()
    {
        await using var harness = await MumbleGatewayHarness.StartAsync(output);
        await using var patrol = await TestMumbleClient.ConnectAsync(harness.Server.Port, "patrol3");
        await patrol.JoinAsync("Tianhe/Sports");
        using var signals = harness.Subscribe(e => e is SignalReceived);

        var posted = await harness.Connector.PostTextAsync(MumbleGatewayHarness.Sports, "Alert: gate 3 <now>");
        Assert.Equal(1, posted);
        await Wait.UntilAsync(() => patrol.Texts.Any(t => t.Text.Contains("gate 3 &lt;now&gt;", StringComparison.Ordinal)), Timeout, "alert text at the client");

        await patrol.SendTextAsync(harness.SportsChannel, "hello");
        await patrol.SendTextAsync(harness.SportsChannel, " <b>ACK</b> ");

        using var timeout = new CancellationTokenSource(Timeout);
        var signal = (SignalReceived)await signals.Reader.ReadAsync(timeout.Token);
        Assert.Equal(SignalKind.Text, signal.Kind);
        Assert.Equal(MumbleGatewayHarness.Patrol3, signal.Unit);
        Assert.Equal(MumbleGatewayHarness.Sports, signal.Group);
        Assert.Equal("ACK", signal.Value);
        Assert.False(signals.Reader.TryRead(out _), "'hello' is not an acknowledgement");
    }

    [Fact]
    public async Task Reconnect_ServerKilledAndRestarted_SessionsRejoinAndVoiceFlows()
    {
        await using var harness = await MumbleGatewayHarness.StartAsync(output, reconnectMaxSeconds: 2);
        var component = "mumble/poc/Tianhe/Sports";

        await harness.Server.StopAsync();
        await Wait.UntilAsync(() => harness.Connector.Endpoints.All(e => !e.Joined), Timeout, "sessions noticed the server is gone");
        // The session flips Joined before it reports health, so the health change is awaited, not sampled.
        await Wait.UntilAsync(() => harness.Health.Snapshot()[component].State == HealthState.Degraded, Timeout, "degraded while the server is gone");
        await harness.Server.RestartAsync();
        var restarted = System.Diagnostics.Stopwatch.StartNew();

        // Reconnect happens within the backoff cap (2 s) plus the connect itself.
        await harness.WaitAllJoinedAsync(TimeSpan.FromSeconds(6));
        output.WriteLine($"MEASURED: sessions rejoined {restarted.ElapsedMilliseconds} ms after murmurd was listening again (cap 2 s)");
        await Wait.UntilAsync(() => harness.Health.Snapshot()[component].State == HealthState.Healthy, Timeout, "healthy again");
        Assert.True(harness.Connector.Sessions.All(s => s.JoinCount >= 2));

        await using var patrol = await TestMumbleClient.ConnectAsync(harness.Server.Port, "patrol3");
        await patrol.JoinAsync("Tianhe/Sports");
        await TalkAsync(patrol, harness.EncodeTone(800, 25));
        var frames = await CollectTransmissionAsync(harness.SportsConsole);
        Assert.InRange(Tone.EstimateFrequency(frames.Where(f => f.Pcm is not null).SelectMany(f => f.Pcm!).ToList()), 792, 808);
    }

    private static async Task TalkAsync(TestMumbleClient client, List<byte[]> packets)
    {
        using var pacing = new PeriodicTimer(AudioFormat.FrameDuration);
        for (var i = 0; i < packets.Count; i++)
        {
            await pacing.WaitForNextTickAsync();
            await client.SendOpusAsync(packets[i], terminator: i == packets.Count - 1);
        }
    }

    private static async Task<List<ReceivedFrame>> CollectTransmissionAsync(InMemoryEndpoint endpoint)
    {
        var frames = new List<ReceivedFrame>();
        using var timeout = new CancellationTokenSource(Timeout);
        while (frames.Count == 0 || (frames[^1].Flags & FrameFlags.EndOfTransmission) == 0)
        {
            frames.Add(await endpoint.Frames.ReadAsync(timeout.Token));
        }

        return frames;
    }
}

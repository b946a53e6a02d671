using Gateway.Audio.Codecs;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Host.Tests.EndToEnd.Support;
using Gateway.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>An emergency alert takes the floor from a normal talker in the group (an RTP console talking) through the real host.</summary>
public sealed class AlertPreemptionEndToEndTests(ITestOutputHelper output)
{
    private const double TalkerHz = 440;

    [Fact]
    public async Task Broadcast_EmergencyWhileAConsoleTalks_PreemptsTheTalkerAndEveryoneHearsThePage()
    {
        var (listenB, remoteB) = (FreePort.UdpPair(), FreePort.UdpPair());
        await using var scene = await PagingScene.StartAsync(c => c.AddRtpEndpoint("console-b", "sports", listenB, remoteB, "opus", PagingScene.OpusPayloadType));
        using var listener = new RtpPeer(remoteB, listenB);
        using var events = scene.Host.Services.GetRequiredService<IEventBus>().Subscribe("test", 4096, e => e is FloorGranted or FloorRevoked);

        // console-a talks (normal priority) for up to 8 s; console-b hears it.
        using var stopTalking = new CancellationTokenSource();
        var talking = Task.Run(() => scene.Console.Talk(scene.Codecs, TestAudio.Tone(TalkerHz, 8), PagingScene.OpusPayloadType, stopTalking.Token));
        var talker = await AlertEscalationEndToEndTests.NextAsync<FloorGranted>(events.Reader, g => g.Grant.Talker.Endpoint.Value == "console-a");
        await Poll.UntilAsync(() => Task.FromResult(listener.ReceivedCount), n => n >= 25, TimeSpan.FromSeconds(10), "console-b hears console-a");

        var alert = await scene.Host.Alerts.BroadcastAsync(AlertEndToEndTests.Page(["sports"], V1.Priority.Emergency, new V1.AckPolicy { Required = false }));

        var revoked = await AlertEscalationEndToEndTests.NextAsync<FloorRevoked>(events.Reader, r => r.Grant.Talker.Endpoint.Value == "console-a");
        Assert.Equal(TransmissionEndReason.PreEmpted, revoked.Reason);
        Assert.Equal(talker.Grant.Call, revoked.Grant.Call);
        var alertGrant = await AlertEscalationEndToEndTests.NextAsync<FloorGranted>(events.Reader, g => g.Grant.Talker.Endpoint.Value.StartsWith("alert:" + alert.Id, StringComparison.Ordinal));
        Assert.Equal(Priority.Emergency, alertGrant.Grant.Priority);

        var done = await AlertEscalationEndToEndTests.WaitForStateAsync(scene.Host.Alerts, alert.Id, V1.AlertState.Completed);
        await stopTalking.CancelAsync();
        await talking;

        // The listener heard the talker first, then the whole page; the pre-empted talker heard the page too.
        var heard = listener.DecodeReceived(scene.Codecs, CodecProfile.Opus(), PagingScene.OpusPayloadType);
        Assert.True(TestAudio.EnergyShare(heard.AsSpan(0, 24_000), TalkerHz) > 0.5, "console-b first heard console-a's tone");
        AlertEndToEndTests.AssertTonesThenVoice("console-b", heard, output);
        AlertEndToEndTests.AssertTonesThenVoice("console-a (pre-empted)", scene.Console.DecodeReceived(scene.Codecs, CodecProfile.Opus(), PagingScene.OpusPayloadType), output);
        Assert.Equal(V1.AlertState.Completed, done.State);
    }
}

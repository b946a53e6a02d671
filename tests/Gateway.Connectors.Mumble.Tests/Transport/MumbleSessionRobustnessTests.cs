using System.Buffers;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Connectors.Mumble.Protocol.Messages;
using Gateway.Connectors.Mumble.Session;
using Gateway.Connectors.Mumble.Tests.Interop;
using Gateway.Connectors.Mumble.Tests.Support;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core.Health;
using Google.Protobuf;

namespace Gateway.Connectors.Mumble.Tests.Transport;

/// <summary>A broken server must make the session close with a logged reason and reconnect, never crash.</summary>
public sealed class MumbleSessionRobustnessTests
{
    private static readonly MumbleTransportTimings FastRetry = new()
    {
        InitialReconnectDelay = TimeSpan.FromMilliseconds(50),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    public static TheoryData<string, string, bool> Violations => new()
    {
        { "000300ffffff", "exceeds the maximum message size", false },
        { "0009000000010a", "Invalid UserState", false },
        { "000b0000000308ffff", "Invalid TextMessage", false },
        { "0003000000640801", "inside a frame", true },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task Run_ServerSendsBrokenFrames_LogsReasonAndReconnects(string scriptHex, string expectedReason, bool closeAfterScript)
    {
        await using var server = new HostileServer(Convert.FromHexString(scriptHex), closeAfterScript);
        using var rig = new SessionRig(TimeProvider.System, FastRetry);
        await using var session = NewSession(rig, server, "Sports");
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        await Wait.UntilAsync(() => server.Connections >= 3, TimeSpan.FromSeconds(10), "the session reconnected twice");
        await stop.CancelAsync();
        await run;

        Assert.Contains(rig.LogProvider.Logger.Entries, e => e.Message.Contains(expectedReason, StringComparison.Ordinal));
        Assert.Contains(rig.LogProvider.Logger.Entries, e => e.Message.Contains("reconnecting in", StringComparison.Ordinal));
        Assert.Equal(HealthState.Degraded, rig.Health.Snapshot()["mumble/hostile/Sports"].State);
        Assert.False(session.IsJoined);
    }

    [Fact]
    public async Task Run_UnknownFrameTypesAmongValidOnes_SkipsThemAndJoins()
    {
        var script = new ArrayBufferWriter<byte>();
        Raw(script, 13, [1, 2, 3]);
        Raw(script, 999, []);
        Message(script, new ChannelState { ChannelId = 0, Name = "Root" });
        Raw(script, 20, [0x08, 0x00]);
        Message(script, new UserState { Session = 4, Name = "gateway-1", ChannelId = 0 });
        Message(script, new ServerSync { Session = 4, MaxBandwidth = 72000 });
        await using var server = new HostileServer(script.WrittenSpan.ToArray(), closeAfterScript: false);
        using var rig = new SessionRig(TimeProvider.System, FastRetry);
        await using var session = NewSession(rig, server, "/");
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        await session.WaitJoinedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, server.Connections);
        Assert.Equal(HealthState.Healthy, rig.Health.Snapshot()["mumble/hostile//"].State);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_ServerRejectsLogin_DegradedWithServerReason()
    {
        var script = new ArrayBufferWriter<byte>();
        Message(script, new Reject { Type = Reject.Types.RejectType.WrongServerPw, Reason = "Wrong server password" });
        await using var server = new HostileServer(script.WrittenSpan.ToArray(), closeAfterScript: true);
        using var rig = new SessionRig(TimeProvider.System, FastRetry);
        await using var session = NewSession(rig, server, "Sports");
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        var reason = string.Empty;
        await Wait.UntilAsync(
            () => rig.Health.Snapshot().TryGetValue("mumble/hostile/Sports", out var h) && (reason = h.Reason).Contains("Wrong server password", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "health carries the server's reject reason");
        await stop.CancelAsync();
        await run;

        Assert.Contains("WrongServerPw", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ServerStopsAnsweringPings_ClosesAfterFourAndReconnects()
    {
        var script = new ArrayBufferWriter<byte>();
        Message(script, new ChannelState { ChannelId = 0, Name = "Root" });
        Message(script, new UserState { Session = 4, Name = "gateway-1", ChannelId = 0 });
        Message(script, new ServerSync { Session = 4 });
        await using var server = new HostileServer(script.WrittenSpan.ToArray(), closeAfterScript: false);
        using var rig = new SessionRig(TimeProvider.System, FastRetry with { PingInterval = TimeSpan.FromMilliseconds(100) });
        await using var session = NewSession(rig, server, "/");
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        await Wait.UntilAsync(() => server.Connections >= 2, TimeSpan.FromSeconds(10), "the session gave up on the silent server and reconnected");
        await stop.CancelAsync();
        await run;

        Assert.True(session.JoinCount >= 1);
        Assert.Contains(rig.LogProvider.Logger.Entries, e => e.Message.Contains("did not answer 4 pings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_WrongPinnedFingerprint_DegradedWithFingerprintReason()
    {
        await using var server = new HostileServer([], closeAfterScript: true);
        using var rig = new SessionRig(TimeProvider.System, FastRetry);
        var options = Options(server);
        options.AcceptInvalidCertificate = false;
        options.CertificateFingerprint = new string('A', 64);
        await using var session = new MumbleChannelSession(options, "Sports", SessionRig.Group, "gateway-1", rig.Services);
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        var reason = string.Empty;
        await Wait.UntilAsync(
            () => rig.Health.Snapshot().TryGetValue("mumble/hostile/Sports", out var h) && (reason = h.Reason).Contains("does not match the pinned", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "health names the fingerprint mismatch");
        await stop.CancelAsync();
        await run;

        Assert.Contains(server.Fingerprint, reason, StringComparison.Ordinal);
        Assert.False(session.IsJoined);
    }

    private static MumbleConnectorOptions Options(HostileServer server) => new()
    {
        Id = "hostile",
        Host = "127.0.0.1",
        Port = server.Port,
        Username = "gateway",
        AcceptInvalidCertificate = true,
        ReconnectMaxSeconds = 1,
    };

    private static MumbleChannelSession NewSession(SessionRig rig, HostileServer server, string channel) =>
        new(Options(server), channel, SessionRig.Group, "gateway-1", rig.Services);

    private static void Raw(ArrayBufferWriter<byte> output, ushort type, byte[] payload) =>
        MumbleFrameWriter.WriteRaw(output, (MumbleMessageType)type, payload);

    private static void Message(ArrayBufferWriter<byte> output, IMessage message) =>
        MumbleFrameWriter.WriteMessage(output, MumbleMessageCodec.TypeOf(message), message);
}

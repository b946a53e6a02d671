using System.Net;
using System.Net.Sockets;
using Gateway.Api.Errors;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Tests.Shared;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Services;

/// <summary>gateway.v1.Endpoints against the real core and RTP connector: create/get/delete, every error code, roles, live audio.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class EndpointsRpcTests
{
    private static readonly Metadata Admin = GatewayServer.Bearer(GatewayServer.AdminKey);
    private static readonly Metadata Dispatcher = GatewayServer.Bearer(GatewayServer.DispatcherKey);
    private static readonly Metadata Observer = GatewayServer.Bearer(GatewayServer.ObserverKey);
    private readonly GatewayServer _server;

    public EndpointsRpcTests(GatewayServer server)
    {
        _server = server;
    }

    internal static RtpEndpointSettings Rtp(string id, string group, int port, string? remote = null) => new()
    {
        Id = id,
        TalkGroupId = group,
        Listen = $"127.0.0.1:{port}",
        Remote = remote ?? string.Empty,
        Codec = RtpCodec.Pcmu,
        Priority = Priority.Dispatcher,
    };

    [Fact]
    public async Task CreateRtpEndpoint_ValidSettings_RunsUntilDeleted()
    {
        var port = FreePort.UdpPair();
        var created = await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-life", "bravo", port, "127.0.0.1:40990") }, Admin);
        Assert.Equal((EndpointOrigin.Runtime, EndpointKind.Rtp, EndpointState.Online), (created.Origin, created.Endpoint.Kind, created.Endpoint.State));
        Assert.Equal(["bravo"], created.Endpoint.TalkGroupIds);
        Assert.Equal($"127.0.0.1:{port}", created.RtpStatistics.LocalAddress);
        Assert.Equal((RtpRemoteMode.Fixed, RtpCodec.Pcmu, Priority.Dispatcher, 250, 101), (created.Rtp.RemoteMode, created.Rtp.Codec, created.Rtp.Priority, created.Rtp.StreamEndMs, created.Rtp.TelephoneEventPayloadType));
        Assert.False(created.Rtp.HasPayloadType); // the codec's usual type
        Assert.False(created.Rtp.RtcpMux); // RTCP on the next port unless asked

        var listed = await _server.Units.ListEndpointsAsync(new ListEndpointsRequest { TalkGroupId = "bravo" }, Observer);
        Assert.Contains(listed.Endpoints, e => e.Id == "rtp-life" && e.Kind == EndpointKind.Rtp);
        var got = await _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rtp-life" }, Observer);
        Assert.Equal(("rtp-life", EndpointOrigin.Runtime, created.RtpStatistics.Ssrc), (got.Endpoint.Id, got.Origin, got.RtpStatistics.Ssrc));

        await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-life" }, Admin);
        var gone = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rtp-life" }, Observer).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        listed = await _server.Units.ListEndpointsAsync(new ListEndpointsRequest(), Observer);
        Assert.DoesNotContain(listed.Endpoints, e => e.Id == "rtp-life");

        // The sockets are closed: both ports bind again.
        using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rtp.Bind(new IPEndPoint(IPAddress.Loopback, port));
        rtcp.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
    }

    public static TheoryData<string, string> InvalidSettings => new()
    {
        { "id", "settings.id" },
        { "id-chars", "settings.id" },
        { "group", "settings.talk_group_id" },
        { "listen", "settings.listen" },
        { "listen-odd", "settings.listen" },
        { "remote", "settings.remote" },
        { "fixed-without-remote", "settings.remote" },
        { "multicast", "settings.multicast" },
        { "multicast-with-remote", "settings.remote" },
        { "allowed", "settings.allowed_sources" },
        { "codec", "settings.codec" },
        { "payload-type", "settings.payload_type" },
        { "bitrate", "settings.bitrate" },
        { "dtmf-type", "settings.telephone_event_payload_type" },
        { "priority", "settings.priority" },
        { "stream-end", "settings.stream_end_ms" },
        { "jitter", "settings.jitter_min_ms" },
        { "rate", "settings.max_packets_per_second" },
        { "ttl", "settings.ttl" },
        { "remote-mode", "settings.remote_mode" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task CreateRtpEndpoint_InvalidSetting_InvalidArgumentNamingField(string problem, string field)
    {
        var settings = Rtp("rtp-bad", "bravo", FreePort.UdpPair());
        switch (problem)
        {
            case "id": settings.Id = string.Empty; break;
            case "id-chars": settings.Id = "rtp bad"; break;
            case "group": settings.TalkGroupId = string.Empty; break;
            case "listen": settings.Listen = "not-an-address"; break;
            case "listen-odd": settings.Listen = "127.0.0.1:40001"; break;
            case "remote": settings.Remote = "127.0.0.1"; break;
            case "fixed-without-remote": settings.RemoteMode = RtpRemoteMode.Fixed; break;
            case "multicast": settings.Multicast = "10.0.0.1"; break;
            case "multicast-with-remote": settings.RemoteMode = RtpRemoteMode.Multicast; settings.Multicast = "239.1.2.3"; settings.Remote = "127.0.0.1:4000"; break;
            case "allowed": settings.AllowedSources.Add("999.1.1.1/8"); break;
            case "codec": settings.Codec = (RtpCodec)42; break;
            case "payload-type": settings.PayloadType = 200; break;
            case "bitrate": settings.Codec = RtpCodec.Opus; settings.Bitrate = 1_000; break;
            case "dtmf-type": settings.TelephoneEventPayloadType = 12; break;
            case "priority": settings.Priority = (Priority)9; break;
            case "stream-end": settings.StreamEndMs = 5; break;
            case "jitter": settings.JitterMinMs = -1; break;
            case "rate": settings.MaxPacketsPerSecond = -5; break;
            case "ttl": settings.Ttl = 300; break;
            case "remote-mode": settings.RemoteMode = (RtpRemoteMode)7; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = settings }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, error.Trailers.GetValue(ApiErrors.FieldTrailer));
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Switchboard.Endpoints, e => e.Id.Value == "rtp-bad");
    }

    [Fact]
    public async Task CreateRtpEndpoint_NoSettings_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest(), Admin).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "settings"), (error.StatusCode, error.Trailers.GetValue(ApiErrors.FieldTrailer)));
    }

    [Fact]
    public async Task CreateRtpEndpoint_TakenId_AlreadyExists()
    {
        await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-twice", "bravo", FreePort.UdpPair()) }, Admin);
        try
        {
            var again = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-twice", "bravo", FreePort.UdpPair()) }, Admin).ResponseAsync);
            Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
            Assert.Contains("rtp-twice", again.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-twice" }, Admin);
        }
    }

    [Fact]
    public async Task CreateRtpEndpoint_UnknownTalkGroup_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-nogroup", "no-such-group", FreePort.UdpPair()) }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("talk_group_id", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRtpEndpoint_PortInUse_FailedPreconditionAndNothingKept()
    {
        var port = FreePort.UdpPair();
        using (var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            squatter.Bind(new IPEndPoint(IPAddress.Loopback, port + 1)); // the RTCP port is enough to refuse
            var error = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-busy", "bravo", port) }, Admin).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
            Assert.StartsWith("settings.listen:", error.Status.Detail, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{port}", error.Status.Detail, StringComparison.Ordinal);
        }

        // The refused create left nothing behind: the RTP port is free again and the id is free to use.
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }

        await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-busy", "bravo", port) }, Admin);
        await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-busy" }, Admin);
    }

    [Fact]
    public async Task CreateRtpEndpoint_RtcpMuxWithTheNextPortTaken_CreatedOnOnePort()
    {
        var port = FreePort.UdpPair();
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, port + 1)); // refuses a port pair, not a muxed endpoint
        var settings = Rtp("rtp-mux", "bravo", port);
        settings.RtcpMux = true;

        var created = await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = settings }, Admin);
        try
        {
            Assert.True(created.Rtp.RtcpMux);
            Assert.Equal((EndpointState.Online, $"127.0.0.1:{port}"), (created.Endpoint.State, created.RtpStatistics.LocalAddress));
            var got = await _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rtp-mux" }, Observer);
            Assert.True(got.Rtp.RtcpMux);
        }
        finally
        {
            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-mux" }, Admin);
        }

        using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rtp.Bind(new IPEndPoint(IPAddress.Loopback, port)); // closed again at delete
    }

    [Fact]
    public async Task DeleteAndGet_UnknownOrInvalidId_NotFoundOrInvalidArgument()
    {
        var delete = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "no-such-endpoint" }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, delete.StatusCode);
        var get = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "no-such-endpoint" }, Observer).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = string.Empty }, Observer).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "endpoint_id"), (bad.StatusCode, bad.Trailers.GetValue(ApiErrors.FieldTrailer)));
    }

    [Fact]
    public async Task Roles_DispatcherCannotCreateOrDelete_ObserverReads()
    {
        var create = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-role", "bravo", FreePort.UdpPair()) }, Dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, create.StatusCode);
        var delete = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-role" }, Observer).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, delete.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rtp-role" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.DoesNotContain(_server.Switchboard.Endpoints, e => e.Id.Value == "rtp-role");

        // A key limited to other talk groups does not see the endpoint.
        await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-role", "bravo", FreePort.UdpPair()) }, Admin);
        try
        {
            var hidden = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rtp-role" }, GatewayServer.Bearer(GatewayServer.NorthOnlyKey)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, hidden.StatusCode);
        }
        finally
        {
            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-role" }, Admin);
        }
    }

    [Fact]
    public async Task RuntimeEndpoint_RtpInAndGroupAudioOut_FlowBothWays()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "rtp-flow", Name = "RTP flow", HangTimeMs = 100 }, Admin, cancellationToken: cts.Token);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveTimeout = 5000;
        var peerPort = ((IPEndPoint)peer.LocalEndPoint!).Port;
        var port = FreePort.UdpPair();
        await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-flow-1", "rtp-flow", port, $"127.0.0.1:{peerPort}") }, Admin, cancellationToken: cts.Token);
        try
        {
            // Out: a gRPC talker's audio leaves the endpoint as PCMU RTP to the peer.
            using (var talk = _server.Calls.Talk(Dispatcher, cancellationToken: cts.Token))
            {
                await talk.RequestStream.WriteAsync(TalkMonitorTests.Start("rtp-flow", Priority.Dispatcher, "console"), cts.Token);
                Assert.Equal(TalkResponse.MessageOneofCase.Granted, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
                await talk.RequestStream.WriteAsync(TalkMonitorTests.Tone(500), cts.Token);
                await talk.RequestStream.CompleteAsync();
                Assert.Equal(TalkResponse.MessageOneofCase.Ended, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
            }

            var buffer = new byte[1500];
            var pcm = new float[960];
            var loud = 0;
            using var decoder = new CodecFactory().CreateDecoder(CodecProfile.Pcmu);
            for (var i = 0; i < 25; i++)
            {
                var length = peer.Receive(buffer);
                Assert.True(RtpPacketReader.TryRead(buffer.AsSpan(0, length), out var header, out var reason), reason.ToString());
                Assert.Equal((0, 160), (header.PayloadType, header.PayloadLength));
                var samples = decoder.Decode(header.Payload(buffer.AsSpan(0, length)), pcm);
                var rms = Math.Sqrt(pcm.AsSpan(0, samples).ToArray().Average(x => (double)x * x));
                loud += rms > 0.1 ? 1 : 0; // the talker's 440 Hz tone has an RMS of 0.17
            }

            Assert.True(loud >= 20, $"{loud} of 25 packets carried the tone");

            // In: PCMU RTP from the peer reaches a gRPC monitor of the group, attributed to the endpoint.
            using var monitor = _server.Calls.Monitor(new MonitorRequest { TalkGroupIds = { "rtp-flow" }, Format = AudioFormat.Pcm1648K }, Observer, cancellationToken: cts.Token);
            await TestWait.MonitorAttachedAsync(_server, "rtp-flow", cts.Token);
            var received = MonitorCollector.Start(monitor, cts.Token);
            await Task.Run(() => SendTone(peer, new IPEndPoint(IPAddress.Loopback, port), packets: 25), cts.Token);
            var heard = await received.UntilAsync(s => s.Frames.Count(f => f.Talker.EndpointId == "rtp-flow-1") >= 20, cts.Token);
            Assert.All(heard.Frames, f => Assert.Equal("rtp-flow-1", f.Talker.EndpointId));

            var detail = await _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rtp-flow-1" }, Observer, cancellationToken: cts.Token);
            Assert.True(detail.RtpStatistics.PacketsSent >= 25, $"sent {detail.RtpStatistics.PacketsSent}");
            Assert.True(detail.RtpStatistics.PacketsAccepted >= 20, $"accepted {detail.RtpStatistics.PacketsAccepted}");
            Assert.Equal(1, detail.RtpStatistics.TalkSpurts);
            Assert.Equal(0x5EED_0001u, detail.RtpStatistics.RemoteSsrc);
        }
        finally
        {
            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-flow-1" }, Admin, cancellationToken: CancellationToken.None);
            await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "rtp-flow" }, Admin, cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task RuntimeEndpoint_LatchedRemote_AnswersTheLastValidSource()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "rtp-latch", Name = "RTP latch", HangTimeMs = 50 }, Admin, cancellationToken: cts.Token);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveTimeout = 5000;
        var port = FreePort.UdpPair();
        var settings = Rtp("rtp-latch-1", "rtp-latch", port);
        settings.RemoteMode = RtpRemoteMode.Latched;
        settings.AllowedSources.Add("127.0.0.0/8");
        settings.StreamEndMs = 100;
        var created = await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = settings }, Admin, cancellationToken: cts.Token);
        Assert.Equal(RtpRemoteMode.Latched, created.Rtp.RemoteMode);
        try
        {
            // Until the peer has sent valid RTP there is nowhere to send; after it, group audio goes back to its address.
            await Task.Run(() => SendTone(peer, new IPEndPoint(IPAddress.Loopback, port), packets: 10), cts.Token);
            await TestWait.UntilAsync(async () =>
            {
                var group = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "rtp-latch" }, Observer, cancellationToken: cts.Token);
                return group.Floor.Phase == FloorPhase.Idle ? group : null;
            }, cts.Token);

            using (var talk = _server.Calls.Talk(Dispatcher, cancellationToken: cts.Token))
            {
                await talk.RequestStream.WriteAsync(TalkMonitorTests.Start("rtp-latch", Priority.Dispatcher, "console"), cts.Token);
                Assert.Equal(TalkResponse.MessageOneofCase.Granted, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
                await talk.RequestStream.WriteAsync(TalkMonitorTests.Tone(200), cts.Token);
                await talk.RequestStream.CompleteAsync();
                Assert.Equal(TalkResponse.MessageOneofCase.Ended, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
            }

            var buffer = new byte[1500];
            for (var i = 0; i < 10; i++)
            {
                var length = peer.Receive(buffer);
                Assert.True(RtpPacketReader.TryRead(buffer.AsSpan(0, length), out var header, out _));
                Assert.Equal((0, 160), (header.PayloadType, header.PayloadLength));
            }
        }
        finally
        {
            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-latch-1" }, Admin, cancellationToken: CancellationToken.None);
            await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "rtp-latch" }, Admin, cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task GetEndpoint_PeerReceiverReport_LossJitterAndRoundTrip()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "rtp-rtcp", Name = "RTP RTCP", HangTimeMs = 100 }, Admin, cancellationToken: cts.Token);
        var peerPort = FreePort.UdpPair();
        using var media = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        media.Bind(new IPEndPoint(IPAddress.Loopback, peerPort));
        rtcp.Bind(new IPEndPoint(IPAddress.Loopback, peerPort + 1));
        rtcp.ReceiveTimeout = 10_000;
        var port = FreePort.UdpPair();
        var created = await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = Rtp("rtp-rtcp-1", "rtp-rtcp", port, $"127.0.0.1:{peerPort}") }, Admin, cancellationToken: cts.Token);
        var ssrc = created.RtpStatistics.Ssrc;
        try
        {
            // Three seconds of group audio: the endpoint's first report (1.25..3.75 s after start) is a sender report.
            using var talk = _server.Calls.Talk(Dispatcher, cancellationToken: cts.Token);
            await talk.RequestStream.WriteAsync(TalkMonitorTests.Start("rtp-rtcp", Priority.Dispatcher, "console"), cts.Token);
            Assert.Equal(TalkResponse.MessageOneofCase.Granted, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
            for (var i = 0; i < 10; i++)
            {
                await talk.RequestStream.WriteAsync(TalkMonitorTests.Tone(300), cts.Token);
            }

            var (lsr, arrival) = await Task.Run(() => AwaitSenderReport(rtcp, ssrc), cts.Token);

            // The peer answers after holding the SR for 20 ms: 25 % lost in the interval, 7 in total, 10 ms jitter (80 at 8 kHz).
            while (System.Diagnostics.Stopwatch.GetElapsedTime(arrival) < TimeSpan.FromMilliseconds(20))
            {
                await Task.Delay(1, cts.Token);
            }

            var dlsr = (uint)(System.Diagnostics.Stopwatch.GetElapsedTime(arrival).TotalSeconds * 65536);
            var rr = new byte[64];
            var length = RtcpWriter.WriteReceiverReport(rr, 0x7E57, [new RtcpReportBlock(ssrc, 64, 7, 1234, 80, lsr, dlsr)]);
            rtcp.SendTo(rr.AsSpan(0, length), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, port + 1));

            var peer = await TestWait.UntilAsync(async () =>
                (await _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "rtp-rtcp-1" }, Observer, cancellationToken: cts.Token)).RtpStatistics.Peer, cts.Token);
            Assert.Equal((0.25, 7), (peer.FractionLost, peer.CumulativeLost));
            Assert.Equal(10.0, peer.JitterMs, 3);
            Assert.True(peer.HasRoundTripMs);
            Assert.InRange(peer.RoundTripMs, 0, 500);
            Assert.NotNull(peer.ReceivedAt);
            await talk.RequestStream.CompleteAsync();
        }
        finally
        {
            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-rtcp-1" }, Admin, cancellationToken: CancellationToken.None);
            await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "rtp-rtcp" }, Admin, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>Reads RTCP until a sender report from <paramref name="ssrc"/>; returns its compact NTP time and when it arrived.</summary>
    private static (uint CompactNtp, long Arrival) AwaitSenderReport(Socket rtcp, uint ssrc)
    {
        var buffer = new byte[1500];
        while (true)
        {
            var n = rtcp.Receive(buffer);
            var arrival = System.Diagnostics.Stopwatch.GetTimestamp();
            var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
            if (reader.TryReadNext(out var first) && first.PacketType == (byte)RtcpPacketType.SenderReport && first.SenderSsrc == ssrc
                && first.TryGetSenderInfo(out var info))
            {
                return (info.CompactNtp, arrival);
            }
        }
    }

    [Fact]
    public async Task DeleteEndpoint_WhileItHoldsTheFloor_ReleasesTheFloor()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "rtp-floor", Name = "RTP floor", HangTimeMs = 100 }, Admin, cancellationToken: cts.Token);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = FreePort.UdpPair();
        var settings = Rtp("rtp-floor-1", "rtp-floor", port, $"127.0.0.1:{((IPEndPoint)peer.LocalEndPoint!).Port}");
        settings.StreamEndMs = 10_000; // only the delete can end this spurt in time
        await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = settings }, Admin, cancellationToken: cts.Token);
        try
        {
            await Task.Run(() => SendTone(peer, new IPEndPoint(IPAddress.Loopback, port), packets: 15), cts.Token);
            var taken = await TestWait.UntilAsync(async () =>
            {
                var group = await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "rtp-floor" }, Observer, cancellationToken: cts.Token);
                return group.Floor.Phase == FloorPhase.Taken ? group.Floor : null;
            }, cts.Token);
            Assert.Equal("rtp-floor-1", taken.Holder.EndpointId);

            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-floor-1" }, Admin, cancellationToken: cts.Token);
            var floor = (await _server.TalkGroups.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = "rtp-floor" }, Observer, cancellationToken: cts.Token)).Floor;
            Assert.NotEqual(FloorPhase.Taken, floor.Phase);
        }
        finally
        {
            await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = "rtp-floor" }, Admin, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>Sends <paramref name="packets"/> PCMU packets of a 1 kHz tone, 20 ms apart.</summary>
    internal static void SendTone(Socket socket, IPEndPoint destination, int packets)
    {
        using var encoder = new CodecFactory().CreateEncoder(CodecProfile.Pcmu);
        var frame = new float[960];
        var payload = new byte[160];
        var datagram = new byte[RtpPacketWriter.Size(160)];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 0; n < packets; n++)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = 0.3f * MathF.Sin(2 * MathF.PI * 1000 * ((n * 960) + i) / 48_000f);
            }

            var length = encoder.Encode(frame, payload);
            var size = RtpPacketWriter.Write(datagram, marker: n == 0, payloadType: 0, sequence: (ushort)(1000 + n), timestamp: (uint)(n * 160), ssrc: 0x5EED_0001u, payload.AsSpan(0, length));
            socket.SendTo(datagram.AsSpan(0, size), destination);
            while (clock.Elapsed < TimeSpan.FromMilliseconds(20 * (n + 1)))
            {
                Thread.Sleep(1);
            }
        }
    }
}

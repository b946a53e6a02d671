using System.Net;
using System.Net.Sockets;
using Gateway.Api.Errors;
using Gateway.Api.Tests.Services;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Audio.Codecs;
using Gateway.Audio.Tones;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Gateway.Tests.Shared;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using FrameFormat = Gateway.Audio.AudioFormat;

namespace Gateway.Api.Tests.Alerts;

/// <summary>
/// An RTP radio created with <c>unit_id</c> is its unit's terminal: ListUnits shows it online, a nearest-units page
/// reaches it as real RTP on loopback, and deleting the endpoint takes it away from the unit. Own server: units are global.
/// </summary>
public sealed class BoundTerminalAlertRpcTests : IClassFixture<GatewayServer>
{
    private const double Lat = 23.1375;
    private const double Lon = 115.3245; // away from the other nearest-units tests' incidents
    private static readonly Metadata Admin = GatewayServer.Bearer(GatewayServer.AdminKey);
    private static readonly Metadata Dispatcher = GatewayServer.Bearer(GatewayServer.DispatcherKey);
    private static readonly Metadata Observer = GatewayServer.Bearer(GatewayServer.ObserverKey);
    private readonly GatewayServer _server;

    public BoundTerminalAlertRpcTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Broadcast_Nearest_ReachesTheRtpRadioBoundToTheUnit()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        _server.Services.GetRequiredService<IUnitDirectory>().Upsert(new UnitSettings(new UnitId("bt-patrol"), "Patrol", [new TalkGroupId("bravo")], null, null, null));
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveTimeout = 5000;
        var port = FreePort.UdpPair();
        var created = await _server.Endpoints.CreateRtpEndpointAsync(
            new CreateRtpEndpointRequest { Settings = EndpointsRpcTests.Rtp("bt-radio", "bravo", port, $"127.0.0.1:{((IPEndPoint)peer.LocalEndPoint!).Port}"), UnitId = "bt-patrol" },
            Admin,
            cancellationToken: ct);
        Assert.Equal("bt-patrol", created.UnitId);

        var unit = await TestWait.UntilAsync(async () => (await _server.Units.GetUnitAsync(new GetUnitRequest { UnitId = "bt-patrol" }, Observer, cancellationToken: ct)) is { OnlineEndpointIds.Count: 1 } u ? u : null, ct);
        Assert.Equal(["bt-radio"], unit.OnlineEndpointIds);
        await _server.Units.ReportPositionAsync(new ReportPositionRequest { UnitId = "bt-patrol", Latitude = Lat + 0.001, Longitude = Lon, AccuracyM = 5, Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) }, Dispatcher, cancellationToken: ct);
        await _server.Units.CheckInAsync(new CheckInRequest { UnitId = "bt-patrol" }, Dispatcher, cancellationToken: ct);

        var alert = await _server.Alerts.BroadcastAsync(
            new BroadcastRequest
            {
                Targets = new AlertTargets { Nearest = new NearestUnitsTarget { Latitude = Lat, Longitude = Lon, RadiusM = 500, Count = 1 } },
                Signalling = new Signalling { Dtmf = new DtmfSignalling { Digits = "73" } },
                AckPolicy = new AckPolicy { Required = true },
            },
            Dispatcher,
            cancellationToken: ct);

        Assert.Equal(["bt-patrol"], alert.Regroup.Units.Select(u => u.UnitId));
        Assert.Equal(["bt-radio"], alert.Regroup.Units[0].EndpointIds);
        Assert.Equal("73", await Task.Run(() => ReceiveDtmf(peer, "73"), ct));

        await _server.Alerts.CancelAlertAsync(new CancelAlertRequest { AlertId = alert.Id, Reason = "test over" }, Dispatcher, cancellationToken: ct);
        await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "bt-radio" }, Admin, cancellationToken: ct);
        await TestWait.UntilAsync(async () => (await _server.Units.GetUnitAsync(new GetUnitRequest { UnitId = "bt-patrol" }, Observer, cancellationToken: ct)) is { OnlineEndpointIds.Count: 0 } u ? u : null, ct);
    }

    [Fact]
    public async Task CreateRtpEndpoint_UnknownUnit_NotFoundAndNothingCreated()
    {
        var port = FreePort.UdpPair();
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.CreateRtpEndpointAsync(
            new CreateRtpEndpointRequest { Settings = EndpointsRpcTests.Rtp("bt-orphan", "bravo", port, "127.0.0.1:40990"), UnitId = "bt-nobody" },
            Admin).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Contains("unit_id", ex.Status.Detail, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = "bt-orphan" }, Observer).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    // Decodes the PCMU stream the radio receives until the page's DTMF digits are heard (or the socket times out).
    private static string ReceiveDtmf(Socket peer, string expected)
    {
        var buffer = new byte[1500];
        var pcm = new float[FrameFormat.FrameSamples];
        var detector = new DtmfDetector();
        Span<char> digits = stackalloc char[8];
        var heard = new System.Text.StringBuilder();
        using var decoder = new CodecFactory().CreateDecoder(CodecProfile.Pcmu);
        while (heard.ToString() != expected && heard.Length < 8)
        {
            var length = peer.Receive(buffer);
            if (!RtpPacketReader.TryRead(buffer.AsSpan(0, length), out var header, out _) || header.PayloadType != 0)
            {
                continue;
            }

            var samples = decoder.Decode(header.Payload(buffer.AsSpan(0, length)), pcm);
            if (samples == FrameFormat.FrameSamples)
            {
                heard.Append(digits[..detector.Process(pcm, digits)]);
            }
        }

        return heard.ToString();
    }
}

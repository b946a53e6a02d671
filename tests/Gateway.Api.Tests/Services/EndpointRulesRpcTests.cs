using Gateway.Api.Errors;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Tests.Shared;
using Grpc.Core;

namespace Gateway.Api.Tests.Services;

/// <summary>
/// CreateRtpEndpoint applies the configuration file's rules (the RTP connector's <c>RtpEndpointRules</c>) and says the same
/// thing about the same value, naming the request field. Each case is one the configuration check and the connector used to
/// disagree on; the host's side of each is in Gateway.Host.Tests' RtpEndpointValidationTests.
/// </summary>
[Collection(GatewayServerCollection.Name)]
public sealed class EndpointRulesRpcTests
{
    private static readonly Metadata Admin = GatewayServer.Bearer(GatewayServer.AdminKey);
    private readonly GatewayServer _server;

    public EndpointRulesRpcTests(GatewayServer server)
    {
        _server = server;
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "ttl-negative", "settings.ttl: '-1' must be between 1 and 255" },
        { "ttl-high", "settings.ttl: '256' must be between 1 and 255" },
        { "dtmf-static", "settings.telephone_event_payload_type: '50' must be a dynamic payload type between 96 and 127 (RFC 4733)" },
        { "dtmf-same-as-audio", "settings.telephone_event_payload_type: '100' must differ from the audio's PayloadType" },
        { "opus-static-type", "settings.payload_type: '8' must be a dynamic payload type between 96 and 127 for opus (RFC 7587)" },
        { "pcmu-as-pcma", "settings.payload_type: '8' must be 0 (the static type of pcmu) or a dynamic payload type between 96 and 127" },
        { "stream-end", "settings.stream_end_ms: '10' must be between 40 and 10000" },
        { "jitter-max", "settings.jitter_max_ms: '5000' must be between 0 and 2000" },
        { "jitter-order", "settings.jitter_max_ms: '100' must not be less than JitterMinMs (300)" },
        { "listen-port-zero", "settings.listen: '127.0.0.1:0' is not an IP address and port (port 1..65534; IPv6 as [::1]:port)" },
        { "remote-host-name", "settings.remote: 'radio.example.org:5004' is not an IP address and port (port 1..65534; IPv6 as [::1]:port)" },
        { "allowed-prefix", "settings.allowed_sources: '10.0.0.0/40' has an invalid prefix length" },
        { "listen-odd", "settings.listen: '127.0.0.1:40001' must use an even port (RTCP uses the next one; RtcpMux allows any port)" },
        { "mux-multicast", "settings.rtcp_mux: 'true' must be false when Multicast is set (RTCP multiplexing is for unicast peers)" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task CreateRtpEndpoint_SettingBreakingARule_InvalidArgumentWithTheConfigurationFilesWords(string problem, string expected)
    {
        var settings = EndpointsRpcTests.Rtp("rtp-rule", "bravo", FreePort.UdpPair());
        switch (problem)
        {
            case "ttl-negative": settings.Ttl = -1; break;
            case "ttl-high": settings.Ttl = 256; break;
            case "dtmf-static": settings.TelephoneEventPayloadType = 50; break;
            case "dtmf-same-as-audio": settings.PayloadType = 100; settings.TelephoneEventPayloadType = 100; break;
            case "opus-static-type": settings.Codec = RtpCodec.Opus; settings.PayloadType = 8; break;
            case "pcmu-as-pcma": settings.PayloadType = 8; break;
            case "stream-end": settings.StreamEndMs = 10; break;
            case "jitter-max": settings.JitterMaxMs = 5000; break;
            case "jitter-order": settings.JitterMinMs = 300; settings.JitterMaxMs = 100; break;
            case "listen-port-zero": settings.Listen = "127.0.0.1:0"; break;
            case "remote-host-name": settings.RemoteMode = RtpRemoteMode.Fixed; settings.Remote = "radio.example.org:5004"; break;
            case "allowed-prefix": settings.AllowedSources.Add("10.0.0.0/40"); break;
            case "listen-odd": settings.Listen = "127.0.0.1:40001"; break;
            case "mux-multicast": settings.RemoteMode = RtpRemoteMode.Multicast; settings.Multicast = "239.1.2.3"; settings.RtcpMux = true; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = settings }, Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(expected, error.Status.Detail);
        Assert.Equal(expected[..expected.IndexOf(':', StringComparison.Ordinal)], error.Trailers.GetValue(ApiErrors.FieldTrailer));
        Assert.DoesNotContain(_server.Switchboard.Endpoints, e => e.Id.Value == "rtp-rule");
    }

    [Fact]
    public async Task CreateRtpEndpoint_SettingsTheConfigurationFileAccepts_Created()
    {
        var settings = EndpointsRpcTests.Rtp("rtp-rule-ok", "bravo", FreePort.UdpPair());
        settings.Ttl = 0; // the API's "unset": TTL 1
        settings.MaxPacketsPerSecond = 0; // no rate limit
        settings.PayloadType = 96; // PCMU on a dynamic type
        settings.TelephoneEventPayloadType = 127;
        settings.AllowedSources.Add("127.0.0.5/8"); // host bits in a prefix are ignored

        var created = await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = settings }, Admin);
        try
        {
            Assert.Equal((1, 0, 96, 127), (created.Rtp.Ttl, created.Rtp.MaxPacketsPerSecond, created.Rtp.PayloadType, created.Rtp.TelephoneEventPayloadType));
            Assert.Equal(EndpointState.Online, created.Endpoint.State);
        }
        finally
        {
            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = "rtp-rule-ok" }, Admin);
        }
    }
}

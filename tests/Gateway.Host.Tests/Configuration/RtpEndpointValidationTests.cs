using System.Text.Json.Nodes;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp;
using Gateway.Core;
using Gateway.Host.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Host.Tests.Configuration;

/// <summary>
/// The host's configuration check and the RTP connector (which also checks run-time endpoints from the API) apply the same
/// rules to an RTP endpoint and report the same line. Each case here is one the two used to disagree on.
/// </summary>
public sealed class RtpEndpointValidationTests
{
    private const string Key = "Gateway:Connectors:Rtp[0]:";
    private const string NotAnEndpoint = "is not an IP address and port (port 1..65534; IPv6 as [::1]:port)";

    public static TheoryData<string, string> Refused => new()
    {
        { """{ "Ttl": 0 }""", "Ttl '0' must be between 1 and 255 (0 would keep multicast on this host)" },
        { """{ "Ttl": 256 }""", "Ttl '256' must be between 1 and 255" },
        { """{ "TelephoneEventPayloadType": 50 }""", "TelephoneEventPayloadType '50' must be a dynamic payload type between 96 and 127 (RFC 4733)" },
        { """{ "TelephoneEventPayloadType": -1 }""", "TelephoneEventPayloadType '-1' must be a dynamic payload type between 96 and 127 (RFC 4733)" },
        { """{ "TelephoneEventPayloadType": 111 }""", "TelephoneEventPayloadType '111' must differ from the audio's PayloadType" },
        { """{ "PayloadType": -2 }""", "PayloadType '-2' must be between 0 and 127 (or -1 for the codec's usual type)" },
        { """{ "PayloadType": 8 }""", "PayloadType '8' must be a dynamic payload type between 96 and 127 for opus (RFC 7587)" },
        { """{ "Codec": "pcmu", "PayloadType": 8 }""", "PayloadType '8' must be 0 (the static type of pcmu) or a dynamic payload type between 96 and 127" },
        { """{ "Listen": "127.0.0.1:40001" }""", "Listen '127.0.0.1:40001' must use an even port (RTCP uses the next one; RtcpMux allows any port)" },
        { """{ "Listen": "127.0.0.1:0" }""", "Listen '127.0.0.1:0' " + NotAnEndpoint },
        { """{ "Remote": "radio.example.org:5004" }""", "Remote 'radio.example.org:5004' " + NotAnEndpoint },
        { """{ "Multicast": "239.1.2.3" }""", "Remote '127.0.0.1:40002' must be empty when Multicast is set (a fixed remote or a multicast group, not both)" },
        { """{ "StreamEndMs": 10 }""", "StreamEndMs '10' must be between 40 and 10000" },
        { """{ "JitterMaxMs": 5000 }""", "JitterMaxMs '5000' must be between 0 and 2000" },
        { """{ "JitterMinMs": 300, "JitterMaxMs": 100 }""", "JitterMaxMs '100' must not be less than JitterMinMs (300)" },
        { """{ "Priority": "2" }""", "Priority '2' is not one of normal, dispatcher, alert, emergency" },
        { """{ "AllowedSources": [ "10.0.0.0/40" ] }""", "AllowedSources[0] '10.0.0.0/40' has an invalid prefix length" },
        { """{ "Remote": "", "Multicast": "239.1.2.3", "RtcpMux": true }""", "RtcpMux 'true' must be false when Multicast is set (RTCP multiplexing is for unicast peers)" },
        { """{ "Listen": "127.0.0.1:65535" }""", "Listen '127.0.0.1:65535' " + NotAnEndpoint }, // no port after it for RTCP
        { """{ "RtcpMux": true, "Listen": "127.0.0.1:0" }""", "Listen '127.0.0.1:0' is not an IP address and port (port 1..65535; IPv6 as [::1]:port)" },
    };

    public static TheoryData<string> Accepted => new()
    {
        """{ "MaxPacketsPerSecond": 0 }""", // 0 = no rate limit
        """{ "Codec": "pcmu", "PayloadType": -1, "Bitrate": 0 }""", // the bitrate is Opus's only
        """{ "Codec": "PCMA", "PayloadType": 8 }""",
        """{ "PayloadType": 96, "TelephoneEventPayloadType": 127 }""",
        """{ "AllowedSources": [ "192.168.1.5/24", "fd00::/8" ] }""", // host bits in a prefix are ignored, as the filter does
        """{ "Remote": "", "Multicast": "239.1.2.3", "MulticastInterface": "127.0.0.1", "Ttl": 16 }""",
        """{ "Listen": "[::1]:40000", "Remote": "[::1]:40003" }""", // only the local port must be even
        """{ "RtcpMux": true, "Listen": "127.0.0.1:40001" }""", // one port for RTP and RTCP: any port
        """{ "RtcpMux": true, "Listen": "127.0.0.1:65535", "Remote": "127.0.0.1:65535" }""", // no next port needed
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Validate_RtpSettingBreakingARule_HostAndConnectorReportTheSameLine(string change, string expected)
    {
        var root = Change(change);

        Assert.Equal([Key + expected], root.Problems());
        Assert.Equal([Key + expected], ConnectorProblems(root));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_RtpSettingWithinTheRules_AcceptedByHostAndConnector(string change)
    {
        var root = Change(change);

        Assert.Empty(root.Problems());
        Assert.Empty(ConnectorProblems(root));
    }

    [Fact]
    public void Validate_TwoEntriesOnOnePort_OnlyTheHostCanTell()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Connectors"]!["Rtp"]!.AsArray().Add(new JsonObject { ["Id"] = "console-b", ["TalkGroup"] = "tianhe-1", ["Listen"] = "127.0.0.1:40000" });

        Assert.Equal(["Gateway:Connectors:Rtp[1]:Listen '127.0.0.1:40000' is already used by Gateway:Connectors:Rtp[0]:Listen"], root.Problems());
    }

    [Fact]
    public void Validate_MuxedEntryOnAnotherEntrysRtcpPort_RefusedNamingTheRtcpPort()
    {
        var root = SampleConfiguration.Valid();
        var entries = root.Gateway()["Connectors"]!["Rtp"]!.AsArray();
        entries.Add(new JsonObject { ["Id"] = "console-b", ["TalkGroup"] = "tianhe-1", ["Listen"] = "127.0.0.1:40001", ["RtcpMux"] = true });
        entries.Add(new JsonObject { ["Id"] = "console-c", ["TalkGroup"] = "tianhe-1", ["Listen"] = "127.0.0.1:40003", ["RtcpMux"] = true });
        entries.Add(new JsonObject { ["Id"] = "console-d", ["TalkGroup"] = "tianhe-1", ["Listen"] = "127.0.0.1:40002" });

        Assert.Equal(
        [
            "Gateway:Connectors:Rtp[1]:Listen '127.0.0.1:40001' is already used by Gateway:Connectors:Rtp[0]:Listen (its RTCP port)",
            "Gateway:Connectors:Rtp[3]:Listen '127.0.0.1:40002' needs the next port for RTCP, which is already used by Gateway:Connectors:Rtp[2]:Listen (or set RtcpMux)",
        ], root.Problems());
    }

    private static JsonObject Change(string change)
    {
        var root = SampleConfiguration.Valid();
        var rtp = root.Gateway()["Connectors"]!["Rtp"]![0]!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            rtp[name] = value?.DeepClone();
        }

        return root;
    }

    /// <summary>What the RTP connector says about the same file when the host hands it the bound entries.</summary>
    private static IReadOnlyList<string> ConnectorProblems(JsonObject root)
    {
        var options = GatewayOptionsLoader.Bind(root.ToConfiguration().GetSection("Gateway"));
        using var services = new ServiceCollection().AddLogging().AddGatewayCore().AddGatewayAudio().BuildServiceProvider();
        try
        {
            _ = new RtpConnector(options.Connectors.Rtp, services.GetRequiredService<ISwitchboard>(), services.GetRequiredService<ICodecFactory>());
            return [];
        }
        catch (RtpConfigurationException ex)
        {
            return ex.Errors;
        }
    }
}

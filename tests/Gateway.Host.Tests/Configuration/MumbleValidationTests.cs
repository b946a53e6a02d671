using System.Text.Json.Nodes;
using Gateway.Connectors.Mumble;
using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Configuration;

/// <summary>
/// The host's configuration check and the Mumble connector's own start-up check apply the same rules to a Mumble entry and
/// report the same line. Each case here is one the two used to disagree on: one accepted what the other refused, or both
/// refused with different words.
/// </summary>
public sealed class MumbleValidationTests
{
    private const string Key = "Gateway:Connectors:Mumble[0]:";
    private const string Sha256 = "3F:A1:09:5C:D2:7E:44:B0:91:6A:0C:E5:28:73:DF:19:AB:54:C6:02:8E:F7:31:9D:60:4B:E8:15:A2:CC:79:03";
    private const string NotAFingerprint = "is not a SHA-256 fingerprint (64 hex digits, ':' or spaces between them allowed)";

    public static TheoryData<string, string> Refused => new()
    {
        // The host allowed Opus's whole range; murmurd's default bandwidth drops voice above ~56 kbit/s.
        { """{ "Bitrate": 128000 }""", "Bitrate '128000' must be between 6000 and 56000 (Mumble servers drop larger voice packets)" },
        { """{ "Bitrate": 5000 }""", "Bitrate '5000' must be between 6000 and 56000 (Mumble servers drop larger voice packets)" },
        // The host only required a user name; murmurd refuses one with a space.
        { """{ "Username": "gate way" }""", "Username 'gate way' is not a valid Mumble user name (letters, digits and -=[]{}()@|. without spaces)" },
        { """{ "Username": "" }""", "Username is required" },
        // The connector only required a host.
        { """{ "Host": "mumble example.org" }""", "Host 'mumble example.org' is not a host name or IP address" },
        // The host allowed a SHA-1 fingerprint, which the connector (comparing SHA-256) can never match.
        { """{ "CertificateFingerprint": "0123456789abcdef0123456789abcdef01234567" }""", "CertificateFingerprint '0123456789abcdef0123456789abcdef01234567' " + NotAFingerprint },
        // The connector dropped stray characters and took the 64 hex digits that remained.
        { """{ "CertificateFingerprint": "SHA256=3FA1095CD27E44B0916A0CE52873DF19AB54C6028EF7319D604BE815A2CC7903" }""", "CertificateFingerprint 'SHA256=3FA1095CD27E44B0916A0CE52873DF19AB54C6028EF7319D604BE815A2CC7903' " + NotAFingerprint },
        // The connector read "Normal, Dispatcher" as enum flags (= dispatcher) and "1" was refused only by accident.
        { """{ "Priority": "Normal, Dispatcher" }""", "Priority 'Normal, Dispatcher' is not one of normal, dispatcher, alert, emergency" },
        { """{ "Priority": "2" }""", "Priority '2' is not one of normal, dispatcher, alert, emergency" },
        // The host did not look at the acknowledgement keywords.
        { """{ "AckKeywords": [ "ack", " " ] }""", "AckKeywords[1] ' ' must not be empty" },
        // Both refused these, in different words.
        { """{ "Port": 70000 }""", "Port '70000' must be between 1 and 65535" },
        { """{ "ReconnectMaxSeconds": 0 }""", "ReconnectMaxSeconds '0' must be at least 1" },
        { """{ "ClientCertificate": "/nonexistent/gateway.p12" }""", "ClientCertificate '/nonexistent/gateway.p12' does not exist" },
        { """{ "CertificateFingerprint": "12:34" }""", "CertificateFingerprint '12:34' " + NotAFingerprint },
    };

    public static TheoryData<string> Accepted => new()
    {
        """{ "Bitrate": 56000 }""",
        """{ "Bitrate": 6000 }""",
        """{ "Username": "Gate-1.[ops]" }""",
        """{ "Username": "调度台" }""", // murmurd's \w takes any letter
        """{ "Host": "[::1]" }""",
        """{ "Host": "mumble.example.org" }""",
        """{ "CertificateFingerprint": "3fa1095cd27e44b0916a0ce52873df19ab54c6028ef7319d604be815a2cc7903" }""",
        """{ "Priority": "Dispatcher" }""",
        """{ "AckKeywords": [] }""",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Validate_MumbleSettingBreakingARule_HostAndConnectorReportTheSameLine(string change, string expected)
    {
        var root = Change(change);

        Assert.Equal([Key + expected], root.Problems());
        Assert.Equal([Key + expected], ConnectorProblems(root));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_MumbleSettingWithinTheRules_AcceptedByHostAndConnector(string change)
    {
        var root = Change(change);

        Assert.Empty(root.Problems());
        Assert.Empty(ConnectorProblems(root));
    }

    [Fact]
    public void Validate_PinnedFingerprintWithColons_AcceptedByHostAndConnector()
    {
        var root = Change($$"""{ "CertificateFingerprint": "{{Sha256}}" }""");

        Assert.Empty(root.Problems());
        Assert.Empty(ConnectorProblems(root));
    }

    [Fact]
    public void Validate_ChannelWithoutTalkGroup_HostAndConnectorReportTheSameLine()
    {
        var root = Change("""{ "Channels": { "Tianhe/Sports": "" } }""");

        Assert.Equal([Key + "Channels:Tianhe/Sports is required (the talk group id)"], root.Problems());
        Assert.Equal([Key + "Channels:Tianhe/Sports is required (the talk group id)"], ConnectorProblems(root));
    }

    [Fact]
    public void Validate_ChannelOfUnknownTalkGroup_OnlyTheHostCanTell()
    {
        var root = Change("""{ "Channels": { "Tianhe/Sports": "nope" } }""");

        Assert.Equal([Key + "Channels:Tianhe/Sports 'nope' is not a configured talk group"], root.Problems());
        Assert.Empty(ConnectorProblems(root));
    }

    private static JsonObject Change(string change)
    {
        var root = SampleConfiguration.Valid();
        var mumble = root.Gateway()["Connectors"]!["Mumble"]![0]!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            mumble[name] = value?.DeepClone();
        }

        return root;
    }

    /// <summary>What the Mumble connector's start-up check says about the entries the host binds from the same file.</summary>
    private static IReadOnlyList<string> ConnectorProblems(JsonObject root)
    {
        var options = GatewayOptionsLoader.Bind(root.ToConfiguration().GetSection("Gateway"));
        var result = new MumbleConnectorOptionsValidator().Validate(null, new MumbleConnectorsOptions { Servers = options.Connectors.Mumble });
        return result.Succeeded ? [] : [.. result.Failures!];
    }
}

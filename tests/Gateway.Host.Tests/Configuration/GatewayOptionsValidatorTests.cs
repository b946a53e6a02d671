using System.Text.Json.Nodes;
using Gateway.Host.Configuration;
using Gateway.Tests.Shared;
using Microsoft.Extensions.Configuration;

namespace Gateway.Host.Tests.Configuration;

public sealed class GatewayOptionsValidatorTests
{
    [Fact]
    public void Load_CompleteContractExample_HasNoProblems()
    {
        var problems = SampleConfiguration.Valid().Problems();

        Assert.Empty(problems);
    }

    [Fact]
    public void Load_ShippedAppsettings_HasNoProblems()
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, "src", "Gateway.Host", "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();

        var options = GatewayOptionsLoader.Load(configuration, out var problems);

        Assert.Empty(problems);
        Assert.NotNull(options);
        Assert.Equal(2, options.TalkGroups.Count);
        Assert.Equal("http://127.0.0.1:50051", options.Grpc.Listen);
        Assert.All(options.Connectors.Rtp, rtp => Assert.StartsWith("127.0.0.1:", rtp.Listen, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_DuplicateTalkGroupId_NamesKeyAndValue()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["TalkGroups"]![1]!["Id"] = "tianhe-1";

        Assert.Equal(["Gateway:TalkGroups[1]:Id 'tianhe-1' is duplicated"], root.Problems());
    }

    [Fact]
    public void Load_UnitInUnknownTalkGroup_NamesKeyAndValue()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Units"]![0]!["TalkGroups"] = new JsonArray("nope");

        Assert.Equal(["Gateway:Units[0]:TalkGroups[0] 'nope' is not a configured talk group"], root.Problems());
    }

    [Theory]
    [InlineData("127.0.0.1:99999")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost:40000")]
    [InlineData("::1:40000")]
    public void Load_RtpListenNotAnEndpoint_NamesKeyAndValue(string listen)
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Connectors"]!["Rtp"]![0]!["Listen"] = listen;

        Assert.Equal([$"Gateway:Connectors:Rtp[0]:Listen '{listen}' is not an IP address and port (port 1..65534; IPv6 as [::1]:port)"], root.Problems());
    }

    [Fact]
    public void Load_EmptyIds_ReportsEachAsRequired()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Units"]![0]!["Id"] = "";
        root.Gateway()["Connectors"]!["Serial"]![0]!["Id"] = " ";

        Assert.Equal(
            ["Gateway:Units[0]:Id is required", "Gateway:Connectors:Serial[0]:Id is required"],
            root.Problems());
    }

    [Fact]
    public void Load_UnknownMethodsAndNames_ListTheChoices()
    {
        var root = SampleConfiguration.Valid();
        var connectors = root.Gateway()["Connectors"]!;
        connectors["Rtp"]![0]!["Priority"] = "urgent";
        connectors["Rtp"]![0]!["Codec"] = "g729";
        connectors["Serial"]![0]!["Ptt"]!["Method"] = "gpio";
        connectors["Serial"]![0]!["Squelch"]!["Method"] = "ctcss";

        Assert.Equal(
            [
                "Gateway:Connectors:Rtp[0]:Codec 'g729' is not one of opus, pcmu, pcma",
                "Gateway:Connectors:Rtp[0]:Priority 'urgent' is not one of normal, dispatcher, alert, emergency",
                "Gateway:Connectors:Serial[0]:Ptt:Method 'gpio' is not one of rts, dtr, cat-kenwood, cat-civ, none",
                "Gateway:Connectors:Serial[0]:Squelch:Method 'ctcss' is not one of cts, dsr, dcd, cat-kenwood, cat-civ, vox, always",
            ],
            root.Problems());
    }

    [Fact]
    public void Load_NegativeTimers_AreReported()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["TalkGroups"]![0]!["HangTimeMs"] = -5;
        root.Gateway()["TalkGroups"]![1]!["MaxTransmitSeconds"] = 7200;
        root.Gateway()["Connectors"]!["Serial"]![0]!["Ptt"]!["TailMs"] = -300;

        Assert.Equal(
            [
                "Gateway:TalkGroups[0]:HangTimeMs '-5' must not be negative",
                "Gateway:TalkGroups[1]:MaxTransmitSeconds '7200' must be between 0 and 3600",
                "Gateway:Connectors:Serial[0]:Ptt:TailMs '-300' must be between 0 and 10000",
            ],
            root.Problems());
    }

    [Theory]
    [InlineData("127.0.0.1:50051")]
    [InlineData("tcp://127.0.0.1:50051")]
    [InlineData("http://gateway.example.org:50051")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:50051/grpc")]
    public void Load_BadGrpcListen_IsReported(string listen)
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Grpc"]!["Listen"] = listen;

        Assert.Equal([$"Gateway:Grpc:Listen '{listen}' is not a valid listen URL (http://<ip>:<port> or https://<ip>:<port>)"], root.Problems());
    }

    [Fact]
    public void Load_MetricsOnGrpcPort_IsReported()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Grpc"]!["MetricsListen"] = "http://127.0.0.1:50051";

        Assert.Equal(["Gateway:Grpc:MetricsListen 'http://127.0.0.1:50051' uses the same port as Gateway:Grpc:Listen"], root.Problems());
    }

    [Fact]
    public void Load_EndpointIdUsedByTwoConnectors_IsDuplicated()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Connectors"]!["Serial"]![0]!["Id"] = "console-a";

        Assert.Equal(["Gateway:Connectors:Serial[0]:Id 'console-a' is duplicated"], root.Problems());
    }

    [Fact]
    public void Load_EndpointTalkGroupReferences_AreChecked()
    {
        var root = SampleConfiguration.Valid();
        var connectors = root.Gateway()["Connectors"]!;
        connectors["Rtp"]![0]!["TalkGroup"] = "nope-1";
        connectors["Mumble"]![0]!["Channels"] = new JsonObject { ["Tianhe/Gate"] = "nope-2" };
        connectors["Serial"]![0]!["TalkGroup"] = "";

        Assert.Equal(
            [
                "Gateway:Connectors:Rtp[0]:TalkGroup 'nope-1' is not a configured talk group",
                "Gateway:Connectors:Mumble[0]:Channels:Tianhe/Gate 'nope-2' is not a configured talk group",
                "Gateway:Connectors:Serial[0]:TalkGroup is required",
            ],
            root.Problems());
    }

    [Fact]
    public void Load_ApiKeyWithBadHashRoleAndGroup_ReportsEach()
    {
        var root = SampleConfiguration.Valid();
        var key = root.Gateway()["Grpc"]!["ApiKeys"]![0]!;
        key["KeySha256"] = SampleConfiguration.DispatcherKeyHash.ToUpperInvariant();
        key["Roles"] = new JsonArray("dispatcher", "superuser");
        key["TalkGroups"] = new JsonArray("tianhe-9");

        Assert.Equal(
            [
                $"Gateway:Grpc:ApiKeys[0]:KeySha256 '{SampleConfiguration.DispatcherKeyHash.ToUpperInvariant()}' is not a SHA-256 hash (64 lower-case hex digits, e.g. from: printf %s KEY | sha256sum)",
                "Gateway:Grpc:ApiKeys[0]:Roles[1] 'superuser' is not one of observer, dispatcher, admin",
                "Gateway:Grpc:ApiKeys[0]:TalkGroups[0] 'tianhe-9' is not a configured talk group",
            ],
            root.Problems());
    }

    [Fact]
    public void Load_AuthOffOnPublicAddress_IsRefused()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Grpc"]!["Listen"] = "http://0.0.0.0:50051";
        root.Gateway()["Grpc"]!["RequireAuth"] = false;

        Assert.Equal(["Gateway:Grpc:RequireAuth 'false' is only allowed when Gateway:Grpc:Listen is a loopback address"], root.Problems());
    }

    [Fact]
    public void Load_AuthRequiredWithoutKeys_IsAccepted()
    {
        // The API generates an admin key on first start when none is configured.
        var root = SampleConfiguration.Valid();
        root.Gateway()["Grpc"]!["ApiKeys"] = new JsonArray();

        Assert.Empty(root.Problems());
    }

    [Fact]
    public void Load_DuplicateIdentitiesAndPorts_NameTheFirstOwner()
    {
        var root = SampleConfiguration.Valid();
        var units = root.Gateway()["Units"]!.AsArray();
        units.Add(new JsonObject { ["Id"] = "patrol-4", ["MumbleUser"] = "PATROL3", ["TalkGroups"] = new JsonArray("tianhe-1") });
        var rtp = root.Gateway()["Connectors"]!["Rtp"]!.AsArray();
        rtp.Add(new JsonObject { ["Id"] = "console-b", ["TalkGroup"] = "tianhe-1", ["Listen"] = "127.0.0.1:40000" });

        Assert.Equal(
            [
                "Gateway:Units[1]:MumbleUser 'PATROL3' is already used by Gateway:Units[0]:MumbleUser",
                "Gateway:Connectors:Rtp[1]:Listen '127.0.0.1:40000' is already used by Gateway:Connectors:Rtp[0]:Listen",
            ],
            root.Problems());
    }

    [Fact]
    public void Load_ManyProblems_ReportsAllOfThem()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["TalkGroups"]![1]!["Id"] = "tianhe-1";
        root.Gateway()["Units"]![0]!["TalkGroups"] = new JsonArray("nope");
        root.Gateway()["Connectors"]!["Rtp"]![0]!["Listen"] = "127.0.0.1:99999";
        root.Gateway()["Connectors"]!["Serial"]![0]!["Squelch"]!["DebounceMs"] = -1;

        Assert.Equal(
            [
                "Gateway:TalkGroups[1]:Id 'tianhe-1' is duplicated",
                "Gateway:Units[0]:TalkGroups[0] 'nope' is not a configured talk group",
                "Gateway:Connectors:Rtp[0]:Listen '127.0.0.1:99999' is not an IP address and port (port 1..65534; IPv6 as [::1]:port)",
                "Gateway:Connectors:Serial[0]:Squelch:DebounceMs '-1' must be between 0 and 2000",
            ],
            root.Problems());
    }
}

using System.Text.Json.Nodes;
using Gateway.Tests.Shared;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// An operator configuration file for <see cref="GatewayHostFixture"/>, in a new temporary workspace: gRPC on a free
/// loopback port with the fixture's admin key, metrics on another, SQLite, recordings and logs under the workspace's
/// data directory (absolute paths: the test process's working directory is not the gateway's). Talk groups, units and
/// connectors are added with the helpers; <see cref="Root"/> is the JSON for anything else.
/// </summary>
public sealed class GatewayTestConfiguration
{
    private GatewayTestConfiguration(string workspace, int grpcPort)
    {
        Workspace = workspace;
        GrpcPort = grpcPort;
        var data = Path.Combine(workspace, "data");
        Root = new JsonObject
        {
            ["Serilog"] = new JsonObject
            {
                ["MinimumLevel"] = new JsonObject
                {
                    ["Default"] = "Information",
                    ["Override"] = new JsonObject { ["Microsoft"] = "Warning", ["System"] = "Warning", ["Grpc"] = "Warning" },
                },
            },
            ["Gateway"] = new JsonObject
            {
                ["NodeName"] = "gw-e2e",
                ["Grpc"] = new JsonObject
                {
                    ["Listen"] = $"http://127.0.0.1:{grpcPort}",
                    ["MetricsListen"] = $"http://127.0.0.1:{FreePort.Tcp()}",
                    ["RequireAuth"] = true,
                    ["DataDirectory"] = data,
                    ["ApiKeys"] = new JsonArray(new JsonObject
                    {
                        ["Name"] = "e2e-admin",
                        ["KeySha256"] = GatewayHostFixture.ApiKeyHash,
                        ["Roles"] = new JsonArray("admin"),
                    }),
                },
                ["Storage"] = new JsonObject { ["Provider"] = "sqlite", ["ConnectionString"] = "Data Source=" + Path.Combine(data, "gateway.db") },
                ["Recording"] = new JsonObject { ["Enabled"] = false, ["Directory"] = Path.Combine(data, "recordings"), ["RetentionDays"] = 1 },
                ["Logging"] = new JsonObject { ["Directory"] = Path.Combine(data, "logs") },
                ["TalkGroups"] = new JsonArray(),
                ["Units"] = new JsonArray(),
                ["Connectors"] = new JsonObject { ["Rtp"] = new JsonArray(), ["Mumble"] = new JsonArray(), ["Serial"] = new JsonArray() },
            },
        };
    }

    /// <summary>The temporary directory holding the configuration file and the data directory.</summary>
    public string Workspace { get; }

    public int GrpcPort { get; }

    public JsonObject Root { get; }

    public JsonObject Gateway => Root["Gateway"]!.AsObject();

    public static GatewayTestConfiguration Create() =>
        new(Directory.CreateTempSubdirectory("gw-e2e-").FullName, FreePort.Tcp());

    public GatewayTestConfiguration AddTalkGroup(string id, int hangTimeMs = 0, bool queueRequests = true, int maxTransmitSeconds = 60)
    {
        Gateway["TalkGroups"]!.AsArray().Add(new JsonObject
        {
            ["Id"] = id,
            ["Name"] = id,
            ["HangTimeMs"] = hangTimeMs,
            ["MaxTransmitSeconds"] = maxTransmitSeconds,
            ["QueueRequests"] = queueRequests,
            ["Record"] = false,
        });
        return this;
    }

    public GatewayTestConfiguration AddUnit(string id, IReadOnlyList<string> talkGroups, string? mumbleUser = null, string? dtmfId = null, string? selCall = null)
    {
        var unit = new JsonObject { ["Id"] = id, ["Name"] = id, ["TalkGroups"] = new JsonArray([.. talkGroups.Select(g => JsonValue.Create(g))]) };
        if (mumbleUser is not null)
        {
            unit["MumbleUser"] = mumbleUser;
        }

        if (dtmfId is not null)
        {
            unit["DtmfId"] = dtmfId;
        }

        if (selCall is not null)
        {
            unit["SelCall"] = selCall;
        }

        Gateway["Units"]!.AsArray().Add(unit);
        return this;
    }

    /// <summary>An RTP endpoint listening on <paramref name="listenPort"/> (even: <c>FreePort.UdpPair()</c>) and sending to the test's peer on <paramref name="remotePort"/> (loopback).</summary>
    public GatewayTestConfiguration AddRtpEndpoint(string id, string talkGroup, int listenPort, int remotePort, string codec = "pcmu", int payloadType = 0, string priority = "normal")
    {
        Gateway["Connectors"]!["Rtp"]!.AsArray().Add(new JsonObject
        {
            ["Id"] = id,
            ["TalkGroup"] = talkGroup,
            ["Listen"] = $"127.0.0.1:{listenPort}",
            ["Remote"] = $"127.0.0.1:{remotePort}",
            ["Codec"] = codec,
            ["PayloadType"] = payloadType,
            ["Priority"] = priority,
        });
        return this;
    }

    /// <summary>A Mumble server connection (the gateway's user <c>gateway</c>) mapping channel paths to talk groups.</summary>
    public GatewayTestConfiguration AddMumbleServer(string id, int port, IReadOnlyDictionary<string, string> channels)
    {
        var map = new JsonObject();
        foreach (var (path, group) in channels)
        {
            map[path] = group;
        }

        Gateway["Connectors"]!["Mumble"]!.AsArray().Add(new JsonObject
        {
            ["Id"] = id,
            ["Host"] = "127.0.0.1",
            ["Port"] = port,
            ["Username"] = "gateway",
            ["AcceptInvalidCertificate"] = true,
            ["ReconnectMaxSeconds"] = 2,
            ["Channels"] = map,
        });
        return this;
    }
}

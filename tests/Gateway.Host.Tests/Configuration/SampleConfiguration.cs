using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.Host.Tests.Configuration;

/// <summary>A complete, valid configuration (every section of the contract) that tests break one key at a time.</summary>
internal static class SampleConfiguration
{
    public static readonly string DispatcherKeyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("dispatcher-secret")));

    public static JsonObject Valid() => JsonNode.Parse(
        $$"""
        {
          "Gateway": {
            "NodeName": "gw-test",
            "Grpc": {
              "Listen": "http://127.0.0.1:50051",
              "RequireAuth": true,
              "ApiKeys": [ { "Name": "police-dispatch", "KeySha256": "{{DispatcherKeyHash}}", "Roles": [ "dispatcher" ], "TalkGroups": [ "*" ] } ]
            },
            "Storage": { "Provider": "sqlite", "ConnectionString": "Data Source=data/gateway.db" },
            "Recording": { "Enabled": true, "Directory": "data/recordings", "RetentionDays": 30 },
            "TalkGroups": [
              { "Id": "tianhe-1", "Name": "Tianhe 1" },
              { "Id": "tianhe-2", "Name": "Tianhe 2", "HangTimeMs": 0, "QueueRequests": false },
              { "Id": "tianhe-sports", "Name": "Tianhe Sports Centre", "HangTimeMs": 3000, "MaxTransmitSeconds": 60, "QueueRequests": true, "Record": true }
            ],
            "Units": [
              { "Id": "patrol-3", "Name": "Sports Centre patrol 3", "TalkGroups": [ "tianhe-sports" ], "MumbleUser": "patrol3", "SelCall": "12031", "DtmfId": "031" }
            ],
            "Connectors": {
              "Rtp": [ { "Id": "console-a", "TalkGroup": "tianhe-sports", "Listen": "127.0.0.1:40000", "Remote": "127.0.0.1:40002", "Codec": "opus", "PayloadType": 111, "Priority": "dispatcher" } ],
              "Mumble": [ { "Id": "poc", "Host": "127.0.0.1", "Port": 64738, "Username": "gateway", "Channels": { "Tianhe/Sports": "tianhe-sports" } } ],
              "Serial": [ { "Id": "radio-1", "TalkGroup": "tianhe-sports", "Port": "/dev/ttyUSB0", "BaudRate": 9600,
                            "Ptt": { "Method": "rts", "ActiveHigh": true, "LeadMs": 150, "TailMs": 300 },
                            "Squelch": { "Method": "cts", "ActiveHigh": true, "DebounceMs": 50 },
                            "Audio": { "Capture": "plughw:1,0", "Playback": "plughw:1,0" },
                            "TransmitTimeoutSeconds": 120 } ]
            }
          }
        }
        """)!.AsObject();

    public static JsonObject Gateway(this JsonObject root) => root["Gateway"]!.AsObject();

    public static IConfigurationRoot ToConfiguration(this JsonObject root)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(root.ToJsonString()));
        return new ConfigurationBuilder().AddJsonStream(stream).Build();
    }

    /// <summary>Binds and validates like the host does; returns the problem lines (empty = valid).</summary>
    public static IReadOnlyList<string> Problems(this JsonObject root)
    {
        GatewayOptionsLoader.Load(root.ToConfiguration(), out var problems);
        return problems;
    }
}

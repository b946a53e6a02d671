using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Audio.Tones;
using Gateway.Core.Identity;
using Gateway.Core.Positions;
using Gateway.Core.Units;
using Gateway.Host.Tests.EndToEnd.Support;
using Gateway.Tests.Shared;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using V1 = Gateway.Api.V1;

namespace Gateway.Host.Tests.EndToEnd;

/// <summary>
/// A nearest-units page through the real host: five units of talk group <c>district</c>, each with an RTP radio (PCMU,
/// real UDP on loopback), report positions over gRPC at known distances north of an incident: near 150 m and mid 600 m
/// (on duty, fresh), stale 50 m (fix 10 minutes old), off 80 m (off duty), far 5 km (outside the radius). A dispatch
/// console in the same group belongs to no unit. Exactly the radios of near and mid hear the page, through a temporary
/// talk group that ListTalkGroups shows while the alert is open and not after it; positions survive a restart.
/// </summary>
public sealed class NearestUnitsEndToEndTests
{
    private const double Lat = 23.1375;
    private const double Lon = 113.3245;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Broadcast_NearestUnits_ExactlyTheExpectedRadiosHearItThroughATemporaryGroupThatDisappears()
    {
        var names = new[] { "near", "mid", "stale", "off", "far", "console" };
        var ports = names.ToDictionary(n => n, _ => (Listen: FreePort.UdpPair(), Remote: FreePort.UdpPair()));
        var configuration = GatewayTestConfiguration.Create().AddTalkGroup("district");
        foreach (var name in names)
        {
            configuration.AddRtpEndpoint("radio-" + name, "district", ports[name].Listen, ports[name].Remote, "pcmu", 0);
            if (name != "console")
            {
                configuration.AddUnit("unit-" + name, ["district"]);
            }
        }

        var peers = names.ToDictionary(n => n, n => new RtpPeer(ports[n].Remote, ports[n].Listen));
        var host = await GatewayHostFixture.StartAsync(configuration);
        try
        {
            // RTP carries no unit identity: a unit's terminal is what a connector reports present for it (as the Mumble
            // connector does for a PoC user); here the test does it for each radio.
            var directory = host.Services.GetRequiredService<IUnitDirectory>();
            foreach (var (name, metres, onDuty, ageSeconds) in new[] { ("near", 150.0, true, 0), ("mid", 600.0, true, 20), ("stale", 50.0, true, 600), ("off", 80.0, false, 0), ("far", 5000.0, true, 0) })
            {
                directory.ReportPresence(new UnitId("unit-" + name), new EndpointId("radio-" + name), online: true);
                await host.Units.ReportPositionAsync(new V1.ReportPositionRequest
                {
                    UnitId = "unit-" + name,
                    Latitude = North(metres),
                    Longitude = Lon,
                    AccuracyM = 5,
                    Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-ageSeconds)),
                });
                if (onDuty)
                {
                    await host.Units.CheckInAsync(new V1.CheckInRequest { UnitId = "unit-" + name });
                }
            }

            var alert = await host.Alerts.BroadcastAsync(new V1.BroadcastRequest
            {
                Targets = new V1.AlertTargets { Nearest = new V1.NearestUnitsTarget { Latitude = Lat, Longitude = Lon, RadiusM = 1000, Count = 3 } },
                Signalling = new V1.Signalling { Dtmf = new V1.DtmfSignalling { Digits = "58" } },
                Text = "Fire alarm, sports hall",
                AckPolicy = new V1.AckPolicy { Required = true },
            });

            Assert.Equal(["unit-near", "unit-mid"], alert.Regroup.Units.Select(u => u.UnitId));
            Assert.Equal([150.0, 600.0], alert.Regroup.Units.Select(u => Math.Round(u.DistanceM, 3)));
            Assert.Equal(["unit-near", "unit-mid"], alert.Units.Select(u => u.UnitId));
            var group = alert.Regroup.TalkGroupId;
            var temporary = (await host.TalkGroups.ListTalkGroupsAsync(new V1.ListTalkGroupsRequest())).TalkGroups.Single(g => g.Id == group);
            // The radios, and while it plays the gateway's own alert talker ("alert:<id>:<group>:...").
            Assert.Equal(["radio-mid", "radio-near"], temporary.EndpointIds.Where(e => !e.StartsWith("alert:", StringComparison.Ordinal)).Order());

            await AlertEscalationEndToEndTests.WaitForStateAsync(host.Alerts, alert.Id, V1.AlertState.AwaitingAck);
            var codecs = host.Services.GetRequiredService<ICodecFactory>();
            foreach (var heard in new[] { "near", "mid" })
            {
                // The page's last packets may still be in flight when the alert is marked played.
                var digits = await Poll.UntilAsync(() => Task.FromResult(Dtmf(peers[heard].DecodeReceived(codecs, CodecProfile.Pcmu, 0))), d => d == "58", Timeout, $"radio-{heard} decodes the page's DTMF 58");
                Assert.Equal("58", digits);
            }

            foreach (var quiet in new[] { "stale", "off", "far", "console" })
            {
                Assert.True(peers[quiet].ReceivedCount == 0, $"radio-{quiet} must not hear the nearest-units page (got {peers[quiet].ReceivedCount} packets)");
            }

            await host.Alerts.AcknowledgeAsync(new V1.AcknowledgeRequest { AlertId = alert.Id, UnitId = "unit-near" });
            await host.Alerts.AcknowledgeAsync(new V1.AcknowledgeRequest { AlertId = alert.Id, UnitId = "unit-mid" });

            var ended = await AlertEscalationEndToEndTests.WaitForStateAsync(host.Alerts, alert.Id, V1.AlertState.Completed);
            Assert.False(ended.Regroup.Active);
            Assert.DoesNotContain((await host.TalkGroups.ListTalkGroupsAsync(new V1.ListTalkGroupsRequest())).TalkGroups, g => g.Id == group);
            var radio = (await host.Units.ListEndpointsAsync(new V1.ListEndpointsRequest())).Endpoints.Single(e => e.Id == "radio-near");
            Assert.Equal(["district"], radio.TalkGroupIds);

            // The last positions are in SQLite: a restarted gateway still knows where the units were.
            var restarted = await host.RestartAsync();
            await host.DisposeAsync();
            host = restarted;
            var near = await host.Units.ListUnitsAsync(new V1.ListUnitsRequest { Near = new V1.NearFilter { Latitude = Lat, Longitude = Lon, RadiusM = 1000 } });
            Assert.Equal(["unit-stale", "unit-off", "unit-near", "unit-mid"], near.Units.Select(u => u.Id));
            Assert.True(near.Units[0].Position.Stale);
        }
        finally
        {
            await host.DisposeAsync();
            foreach (var peer in peers.Values)
            {
                peer.Dispose();
            }
        }
    }

    private static double North(double metres) => Lat + (metres / (GreatCircle.EarthRadiusMetres * Math.PI / 180));

    private static string Dtmf(float[] audio)
    {
        var detector = new DtmfDetector();
        Span<char> digits = stackalloc char[8];
        var result = new System.Text.StringBuilder();
        for (var offset = 0; offset + AudioFormat.FrameSamples <= audio.Length; offset += AudioFormat.FrameSamples)
        {
            var n = detector.Process(audio.AsSpan(offset, AudioFormat.FrameSamples), digits);
            result.Append(digits[..n]);
        }

        return result.ToString();
    }
}

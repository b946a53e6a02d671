using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Connectors.Mumble.Session;
using Gateway.Connectors.Mumble.Tests.Interop;
using Gateway.Connectors.Mumble.Tests.Support;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core.Health;
using Gateway.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Connectors.Mumble.Tests.Transport;

/// <summary>The session's reconnect loop on virtual time: delays grow exponentially with jitter and never pass the cap.</summary>
public sealed partial class ReconnectLoopTests
{
    [Fact]
    public async Task Run_ServerUnreachable_BacksOffExponentiallyUpToCap()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T12:00:00Z", CultureInfo.InvariantCulture));
        using var rig = new SessionRig(time, new MumbleTransportTimings { InitialReconnectDelay = TimeSpan.FromMilliseconds(500) });
        var options = new MumbleConnectorOptions
        {
            Id = "down",
            Host = "127.0.0.1",
            Port = FreePort.Tcp(), // nothing listens: every attempt is refused at once
            AcceptInvalidCertificate = true,
            ReconnectMaxSeconds = 4,
        };
        await using var session = new MumbleChannelSession(options, "Sports", SessionRig.Group, "gateway-1", rig.Services);
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            await Wait.UntilAsync(() => Delays(rig).Count >= attempt, TimeSpan.FromSeconds(10), $"failure {attempt} scheduled a retry");
            Assert.Equal(HealthState.Degraded, rig.Health.Snapshot()["mumble/down/Sports"].State);

            // Nothing happens before the delay has passed on the virtual clock...
            time.Advance(TimeSpan.FromMilliseconds(200));
            Assert.Equal(attempt, Delays(rig).Count);

            // ...and the retry comes once it has (the cap bounds every delay).
            await Wait.UntilAsync(
                () =>
                {
                    time.Advance(TimeSpan.FromMilliseconds(100));
                    return Delays(rig).Count > attempt;
                },
                TimeSpan.FromSeconds(10),
                $"retry {attempt} after its delay");
        }

        await stop.CancelAsync();
        await run;

        var delays = Delays(rig);
        double[] ceilings = [0.5, 1, 2, 4, 4, 4];
        for (var i = 0; i < ceilings.Length; i++)
        {
            Assert.InRange(delays[i], (ceilings[i] / 2) - 0.05, ceilings[i] + 0.05);
        }
    }

    private static List<double> Delays(SessionRig rig) =>
        [.. rig.LogProvider.Logger.Entries
            .Select(e => DelayPattern().Match(e.Message))
            .Where(m => m.Success)
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"reconnecting in (\d+(?:\.\d+)?) s")]
    private static partial Regex DelayPattern();
}

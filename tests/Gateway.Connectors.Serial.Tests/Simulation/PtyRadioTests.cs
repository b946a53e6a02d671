using System.Diagnostics;
using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Simulation;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Xunit.Abstractions;

namespace Gateway.Connectors.Serial.Tests.Simulation;

/// <summary>End-to-end over socat ptys with the simulated CAT radio (real time; each test a few seconds at most).</summary>
[Collection("pty")]
public sealed class PtyRadioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(CatDialect.Kenwood)]
    [InlineData(CatDialect.Civ)]
    public async Task GroupAudio_RadioKeyedViaCatAfterLeadIn_UnkeyedAfterTail(CatDialect dialect)
    {
        await using var rig = new PtyRig(dialect);

        var talk = rig.ConsoleTalksAsync(frames: 25);
        Wait.Until(() => rig.Simulator.Transmitting, Timeout, "the radio to key");
        await talk;
        Wait.Until(() => rig.Simulator.Transitions.Count >= 2 && !rig.Simulator.Transmitting, Timeout, "the radio to unkey");

        // Key, unkey (a loaded CI machine may stall the console's pacing past the tail and cause an extra key/unkey
        // pair; the order is what matters, the lead/tail timing itself is tested on virtual time).
        var t = rig.Simulator.Transitions;
        Assert.True(t.Count % 2 == 0, string.Join(", ", t));
        for (var i = 0; i < t.Count; i++)
        {
            Assert.Equal(i % 2 == 0, t[i].Transmitting);
        }

        var keyed = TimeProvider.System.GetElapsedTime(t[0].Timestamp, t[1].Timestamp);
        output.WriteLine($"{dialect}: keyed for {keyed.TotalMilliseconds:0} ms for 500 ms of audio (lead 150, tail 200)");
        Assert.True(keyed >= TimeSpan.FromMilliseconds(150 + 200), $"keyed only {keyed.TotalMilliseconds} ms: shorter than lead + tail");
        Wait.Until(() => rig.Channel.Endpoint.FramesPlayed >= 25, Timeout, "all audio played to the radio");

        // The unkey was confirmed by reading the TX state back (IF; / 1C 00).
        Wait.Until(() => rig.Channel.Cat!.ReportedTransmitting == false, Timeout, "read-back of the unkey");
        if (dialect == CatDialect.Civ)
        {
            Assert.True(((Gateway.Connectors.Serial.Transport.CivCatRadio)rig.Channel.Cat!).Echoes > 0, "the CI-V bus echo was seen and skipped");
        }

        Assert.True(new FileInfo(Path.Combine(rig.Pair.Directory, "tx.raw")).Length >= 25 * 160 * 2);
    }

    [Theory]
    [InlineData(CatDialect.Kenwood, 100)]
    [InlineData(CatDialect.Civ, 100)]
    [InlineData(CatDialect.Kenwood, 0)] // no kerchunk filter: what the CAT poll and the pipeline cost alone
    public async Task SquelchOpen_FloorRequestedAtPriority_ClosedReleased(CatDialect dialect, int minOpenMs)
    {
        await using var rig = new PtyRig(dialect, o => o.Squelch.MinOpenMs = minOpenMs);
        var latencies = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            rig.FirstConsoleFrameAt = 0;
            var opened = Stopwatch.GetTimestamp();
            rig.Simulator.SquelchOpen = true;
            Wait.Until(() => rig.FirstConsoleFrameAt != 0, Timeout, "the first radio frame at the console");
            latencies.Add(Stopwatch.GetElapsedTime(opened, rig.FirstConsoleFrameAt).TotalMilliseconds);

            var status = rig.Switchboard.GetFloorStatus(PtyRig.Group);
            Assert.Equal(FloorPhase.Taken, status.Phase);
            Assert.Equal(Priority.Dispatcher, status.Holder!.Priority);
            Assert.Equal("radio-1", status.Holder.Talker.Endpoint.Value);

            var endsBefore = rig.Console.EndsOfTransmission;
            rig.Simulator.SquelchOpen = false;
            Wait.Until(() => rig.Console.EndsOfTransmission > endsBefore, Timeout, "end of transmission at the console");
            Wait.Until(() => rig.Switchboard.GetFloorStatus(PtyRig.Group).Holder is null, Timeout, "the floor to be released");
            Wait.Until(() => !rig.Channel.Endpoint.IsReceiving, Timeout, "the endpoint to stop receiving");
        }

        latencies.Sort();
        output.WriteLine($"{dialect}: squelch-open → first frame out of the gateway: min {latencies[0]:0} ms, median {latencies[1]:0} ms, max {latencies[2]:0} ms " +
            $"(MinOpenMs {rig.Settings.MinOpenMs}, DebounceMs {rig.Settings.DebounceMs}, CAT poll ≥ 50 ms)");
        Assert.Equal(0, rig.Channel.Endpoint.Faults);
    }

    [Fact]
    public async Task SquelchKerchunk_ShorterThanMinOpen_NoFloorRequest()
    {
        await using var rig = new PtyRig(CatDialect.Kenwood, o => o.Squelch.MinOpenMs = 600);

        var queries = rig.Simulator.Queries;
        rig.Simulator.ScheduleOpening(TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
        Wait.Until(() => rig.Channel.Endpoint.KerchunksIgnored >= 1, Timeout, "the kerchunk to be seen and ignored");
        Assert.True(rig.Simulator.Queries > queries);
        Assert.Equal(0, rig.Console.Delivered);
        Assert.Equal(FloorPhase.Idle, rig.Switchboard.GetFloorStatus(PtyRig.Group).Phase);
    }

    [Fact]
    public async Task TransmitWatchdog_StuckTalker_UnkeyedAtTimeoutAndLockedOut()
    {
        await using var rig = new PtyRig(CatDialect.Kenwood, o => { o.TransmitTimeoutSeconds = 1; o.Ptt.TailMs = 800; });

        var talk = rig.ConsoleTalksAsync(frames: 100, release: false); // 2 s, longer than the 1 s timeout
        Wait.Until(() => rig.Simulator.Transitions.Count >= 2, Timeout, "the watchdog to unkey the radio");
        Assert.Equal(TransmitPhase.LockedOut, rig.Channel.Endpoint.TransmitPhase);
        await talk;
        Assert.Equal(2, rig.Simulator.Transitions.Count); // never re-keyed while the group kept talking
        Assert.Equal(1, rig.Channel.Endpoint.TransmitTimeouts);
        Assert.Equal(HealthState.Degraded, rig.RadioHealth);

        rig.Switchboard.ReleaseFloor(rig.Console.Id, PtyRig.Group); // the group releases: lock-out ends
        Wait.Until(() => rig.Channel.Endpoint.TransmitPhase == TransmitPhase.Idle, Timeout, "the lock-out to end");
    }

    [Fact]
    public async Task PtyVanishesMidTransmission_UnhealthyPttSafe_ReconnectsUnkeyed()
    {
        await using var rig = new PtyRig(CatDialect.Kenwood);

        var talk = rig.ConsoleTalksAsync(frames: 40, release: false);
        Wait.Until(() => rig.Simulator.Transmitting && rig.Channel.Endpoint.FramesPlayed > 0, Timeout, "transmitting");

        rig.Pair.Kill();
        Wait.Until(() => rig.RadioHealth == HealthState.Unhealthy, Timeout, "the endpoint to become unhealthy");
        Assert.False(rig.Channel.Endpoint.TransmitPhase is TransmitPhase.LeadIn or TransmitPhase.Transmitting);
        await talk;
        Assert.False(rig.Channel.Endpoint.TransmitPhase is TransmitPhase.LeadIn or TransmitPhase.Transmitting, "keyed a radio that is not there");
        rig.Switchboard.ReleaseFloor(rig.Console.Id, PtyRig.Group);
        rig.Simulator.Dispose();

        rig.Pair.Start();
        var simulator = rig.StartSimulator(CatDialect.Kenwood);
        Wait.Until(() => rig.RadioHealth == HealthState.Healthy && rig.Channel.Endpoint.PortConnected, Timeout, "reconnection");
        Wait.Until(() => simulator.Queries >= 3, Timeout, "squelch polls on the new link");
        Assert.Empty(simulator.Transitions); // never keyed on reopen
        Assert.False(simulator.Transmitting);

        // And it works again.
        await rig.ConsoleTalksAsync(frames: 10);
        Wait.Until(() => simulator.Transitions.Count >= 2, Timeout, "key and unkey after reconnection");
    }
}

using System.Diagnostics;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Storage.Repositories;
using Gateway.Storage.Tests.Support;
using Gateway.Storage.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Gateway.Storage.Tests.Writing;

public sealed class StorageEventWriterTests
{
    private static readonly TalkGroupId Sports = new("tianhe-sports");

    private readonly ITestOutputHelper _output;

    public StorageEventWriterTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Events_CallWithThreeTransmissionsOnePreEmpted_OneCallRowThreeTransmissionsWithReasons()
    {
        using var storage = new StorageFixture();
        var bus = new EventBus();
        await using var writer = NewWriter(storage, bus);
        await writer.StartAsync(CancellationToken.None);
        var script = CallScript.ThreeTransmissionsOnePreEmpted(Sports, storage.Time.GetUtcNow());

        foreach (var item in script.Events)
        {
            bus.Publish(item);
        }

        await Wait.UntilAsync(() => writer.EventsWritten == script.Events.Count);
        var call = await storage.Calls.GetCallAsync(script.Call);

        Assert.NotNull(call);
        Assert.Equal(1L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM calls;"));
        Assert.Equal(3L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM transmissions;"));
        Assert.Equal(Sports, call.TalkGroup);
        Assert.Equal(script.Start, call.StartedAt);
        Assert.Equal(script.Start.AddSeconds(9), call.EndedAt);
        Assert.Equal(CallOutcome.Ended, call.EndReason);
        Assert.Equal(3, call.TransmissionCount);
        Assert.Equal(new UnitId("patrol-3"), call.FirstTalker?.Unit);
        Assert.Equal(
            [TransmissionOutcome.Released, TransmissionOutcome.PreEmpted, TransmissionOutcome.Released],
            call.Transmissions.Select(t => t.EndReason!.Value).ToArray());
        Assert.Equal(["radio-1", "mumble-poc", "console-a"], call.Transmissions.Select(t => t.Endpoint.Value).ToArray());
        Assert.Equal(Priority.Dispatcher, call.Transmissions[2].Priority);
        Assert.Equal(TimeSpan.FromSeconds(1), call.Transmissions[1].Duration);
        Assert.Equal("pre_empted", await storage.ScalarAsync<string>("SELECT end_reason FROM transmissions WHERE number = 2;"));
    }

    [Fact]
    public async Task Events_AllCoreEndReasons_StoredAsReadableNames()
    {
        using var storage = new StorageFixture();
        var script = new CallScript(Sports, storage.Time.GetUtcNow());
        var t = script.Start;
        var reasons = new[] { TransmissionEndReason.MaxTransmitTime, TransmissionEndReason.HolderLost, TransmissionEndReason.GroupRemoved, TransmissionEndReason.Shutdown };
        foreach (var reason in reasons)
        {
            var grant = script.Grant(CallScript.Talker("radio-1"), Priority.Normal, t);
            t = t.AddSeconds(1);
            script.Revoke(grant, t, reason);
        }

        await storage.Events.WriteBatchAsync(script.Events);

        var stored = await storage.Calls.GetCallAsync(script.Call);
        Assert.Equal(
            [TransmissionOutcome.MaxTransmit, TransmissionOutcome.HolderLost, TransmissionOutcome.GroupRemoved, TransmissionOutcome.Shutdown],
            stored!.Transmissions.Select(x => x.EndReason!.Value).ToArray());
        Assert.Equal("max_transmit", await storage.ScalarAsync<string>("SELECT end_reason FROM transmissions WHERE number = 1;"));
        Assert.Equal("holder_lost", await storage.ScalarAsync<string>("SELECT end_reason FROM transmissions WHERE number = 2;"));
    }

    [Fact]
    public async Task WriteBatch_GrantBeforeCallStarted_StillOneCallWithFirstTalker()
    {
        using var storage = new StorageFixture();
        var script = CallScript.ThreeTransmissionsOnePreEmpted(Sports, storage.Time.GetUtcNow());
        var reordered = script.Events.ToList();
        (reordered[0], reordered[1]) = (reordered[1], reordered[0]);

        await storage.Events.WriteBatchAsync(reordered);
        await storage.Events.WriteBatchAsync(reordered); // replay is harmless

        var call = await storage.Calls.GetCallAsync(script.Call);
        Assert.Equal(3, call!.TransmissionCount);
        Assert.Equal(3, call.Transmissions.Count);
        Assert.Equal("patrol-3", call.FirstTalker!.DisplayName);
    }

    [Fact]
    public async Task Start_OpenCallFromPreviousRun_ClosedWithGatewayRestartAtLastActivity()
    {
        using var storage = new StorageFixture();
        var script = new CallScript(Sports, storage.Time.GetUtcNow());
        var first = script.Grant(CallScript.Talker("radio-1", "patrol-3"), Priority.Normal, script.Start);
        script.Release(first, script.Start.AddSeconds(2));
        script.Grant(CallScript.Talker("console-a"), Priority.Dispatcher, script.Start.AddSeconds(5));
        await storage.Events.WriteBatchAsync(script.Events); // the "previous process" died here, mid-transmission

        var bus = new EventBus();
        await using var writer = NewWriter(storage, bus);
        await writer.StartAsync(CancellationToken.None);

        var call = await storage.Calls.GetCallAsync(script.Call);
        Assert.Equal(CallOutcome.GatewayRestart, call!.EndReason);
        Assert.Equal(script.Start.AddSeconds(5), call.EndedAt);
        Assert.Equal(TransmissionOutcome.Released, call.Transmissions[0].EndReason);
        Assert.Equal(TransmissionOutcome.GatewayRestart, call.Transmissions[1].EndReason);
        Assert.Equal(0L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM calls WHERE ended_at IS NULL;"));
    }

    [Fact]
    public async Task Stop_EventsStillQueued_DrainedBeforeStopReturns()
    {
        using var storage = new StorageFixture();
        var bus = new EventBus();
        var writer = NewWriter(storage, bus);
        await writer.StartAsync(CancellationToken.None);
        var scripts = Enumerable.Range(0, 200).Select(i => CallScript.ThreeTransmissionsOnePreEmpted(Sports, storage.Time.GetUtcNow().AddMinutes(i))).ToList();

        foreach (var item in scripts.SelectMany(s => s.Events))
        {
            bus.Publish(item);
        }

        await writer.StopAsync(CancellationToken.None);
        await writer.DisposeAsync();

        Assert.Equal(0, writer.EventsDropped);
        Assert.Equal(scripts.Sum(s => s.Events.Count), writer.EventsWritten);
        Assert.Equal(200L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM calls WHERE end_reason = 'ended';"));
        Assert.Equal(600L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM transmissions WHERE end_reason IS NOT NULL;"));
    }

    [Fact]
    public async Task Events_DutyAndPatches_Stored()
    {
        using var storage = new StorageFixture();
        var t = storage.Time.GetUtcNow();
        var patch = PatchId.New();
        await storage.Events.WriteBatchAsync(
        [
            new UnitDutyChanged(t, new UnitId("patrol-3"), true, "Gate 2", "night shift", "grpc"),
            new UnitDutyChanged(t.AddHours(8), new UnitId("patrol-3"), false, null, "end of shift", "dtmf"),
            new UnitDutyChanged(t.AddMinutes(1), new UnitId("patrol-5"), true, "Hall", null, "mumble"),
            new PatchChanged(t, patch, [Sports, new TalkGroupId("mutual-aid")], true),
        ]);

        var latest = await storage.Duty.LatestPerUnitAsync();
        Assert.Equal(2, latest.Count);
        Assert.False(latest.Single(d => d.Unit.Value == "patrol-3").OnDuty);
        Assert.Equal("dtmf", latest.Single(d => d.Unit.Value == "patrol-3").Source);
        Assert.Equal("Hall", latest.Single(d => d.Unit.Value == "patrol-5").Location);
        Assert.Equal(2, (await storage.Duty.ListAsync(new UnitId("patrol-3"))).Count);
        var active = await storage.Topology.ListActiveAsync();
        Assert.Equal(["mutual-aid", "tianhe-sports"], active.Single().Groups.Select(g => g.Value).ToArray());

        await storage.Events.WriteBatchAsync([new PatchChanged(t.AddMinutes(5), patch, [], false)]);
        Assert.Empty(await storage.Topology.ListActiveAsync());
    }

    /// <summary>Sustained write rate through the real queue into a real file (figure for the README, no timing assert).</summary>
    [Fact]
    public async Task Throughput_SustainedCallTraffic_AllEventsWrittenAndRateReported()
    {
        using var storage = new StorageFixture();
        var bus = new EventBus();
        await using var writer = NewWriter(storage, bus);
        await writer.StartAsync(CancellationToken.None);
        const int Calls = 4_000; // 8 events each: 32,000 events, twice the queue capacity
        var scripts = Enumerable.Range(0, Calls).Select(i => CallScript.ThreeTransmissionsOnePreEmpted(Sports, storage.Time.GetUtcNow().AddSeconds(i * 10))).ToList();
        var total = scripts.Sum(s => s.Events.Count);

        var clock = Stopwatch.StartNew();
        var published = 0;
        foreach (var script in scripts)
        {
            // A producer faster than any disk; keep within the queue (the bus would otherwise drop, by design).
            while (published - writer.EventsWritten > StorageEventWriter.QueueCapacity - 64)
            {
                await Task.Yield();
            }

            foreach (var item in script.Events)
            {
                bus.Publish(item);
                published++;
            }
        }

        await Wait.UntilAsync(() => writer.EventsWritten == total, TimeSpan.FromSeconds(120));
        clock.Stop();

        var rate = total / clock.Elapsed.TotalSeconds;
        _output.WriteLine($"storage writer: {total} events in {clock.Elapsed.TotalMilliseconds:F0} ms = {rate:F0} events/s, {writer.BatchesWritten} transactions (synchronous=FULL, WAL)");
        Assert.Equal(0, writer.EventsDropped);
        Assert.Equal((long)Calls, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM calls WHERE end_reason = 'ended';"));
        Assert.Equal(Calls * 3L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM transmissions;"));
    }

    private static StorageEventWriter NewWriter(StorageFixture storage, EventBus bus) =>
        new(bus, storage.Events, storage.Calls, storage.Time, NullLogger<StorageEventWriter>.Instance);
}

using Gateway.Audio.Codecs;
using Gateway.Audio.Files;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Storage.Recording;
using Gateway.Storage.Repositories;
using Gateway.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Storage.Tests.Recording;

public sealed class RecordingServiceTests
{
    private readonly ITestOutputHelper _output;

    public RecordingServiceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Call_ThreeTransmissionsOnePreEmpted_OneCallRowThreeTransmissionsAndOneOggOpusFile()
    {
        await using var h = new RecordingHarness();
        await h.StartAsync();
        var group = h.AddGroup("tianhe-sports", record: true); // created at run time: the recorder attaches from the event
        var radio = h.AddTalker("radio-1", group);
        var poc = h.AddTalker("mumble-poc", group);
        var console = h.AddTalker("console-a", group);
        await Wait.UntilAsync(() => h.Switchboard.FindTalkGroup(group)!.Endpoints.Contains(RecordingService.EndpointId), because: "recorder attached");

        // 1: an Opus talker (frames must reach the file untouched), released.
        Assert.Equal(FloorOutcomeKind.Granted, h.Request(radio, group, Priority.Normal, "patrol-3").Kind);
        var opusSent = h.TalkOpus(radio, group, 50);
        h.Switchboard.ReleaseFloor(radio.Id, group);
        h.Storage.Time.Advance(TimeSpan.FromSeconds(1));

        // 2: a PCM talker, pre-empted after 0.5 s by 3: the dispatcher (PCM), released after 0.8 s.
        Assert.Equal(FloorOutcomeKind.Granted, h.Request(poc, group, Priority.Normal, "patrol-5").Kind);
        h.TalkPcm(poc, group, 25);
        Assert.Equal(FloorOutcomeKind.Granted, h.Request(console, group, Priority.Dispatcher).Kind);
        h.TalkPcm(console, group, 40);
        h.Switchboard.ReleaseFloor(console.Id, group);

        // The hang time runs out: the call ends.
        h.Storage.Time.Advance(TimeSpan.FromSeconds(4));
        await Wait.UntilAsync(() => h.Recorder.RecordingsCompleted == 1, because: "recording completed");
        var calls = await h.Storage.Calls.ListCallsAsync(new CallQuery(group));
        await Wait.UntilAsync(async () => (await h.Storage.Calls.ListCallsAsync(new CallQuery(group))).Calls is [{ EndedAt: not null }], because: "call row closed");

        // Database: one call, three transmissions with the right reasons, and the recording index.
        var call = Assert.Single((await h.Storage.Calls.ListCallsAsync(new CallQuery(group))).Calls);
        Assert.Equal(CallOutcome.Ended, call.EndReason);
        Assert.Equal(3, call.TransmissionCount);
        Assert.Equal(
            [TransmissionOutcome.Released, TransmissionOutcome.PreEmpted, TransmissionOutcome.Released],
            call.Transmissions.Select(t => t.EndReason!.Value).ToArray());
        Assert.Equal(["radio-1", "mumble-poc", "console-a"], call.Transmissions.Select(t => t.Endpoint.Value).ToArray());
        Assert.Equal(TimeSpan.FromSeconds(1), call.Transmissions[0].Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), call.Transmissions[1].Duration);
        var recording = call.Recording;
        Assert.NotNull(recording);
        Assert.True(recording.Complete);
        Assert.Equal(3, recording.Segments.Count);
        Assert.Equal([1000, 500, 800], recording.Segments.Select(s => (int)s.Duration.TotalMilliseconds).ToArray());
        Assert.Equal([0, 1000, 1500], recording.Segments.Select(s => (int)s.Offset.TotalMilliseconds).ToArray());
        Assert.Equal(call.Transmissions.Select(t => t.StartedAt), recording.Segments.Select(s => s.ReceivedAt));
        Assert.Equal(new UnitId("patrol-3"), recording.Segments[0].Unit);
        var start = call.StartedAt.UtcDateTime;
        Assert.StartsWith($"{start:yyyy}/{start:MM}/{start:dd}/", recording.RelativePath, StringComparison.Ordinal);
        var file = h.FullPath(recording.RelativePath);
        Assert.Single(Directory.GetFiles(h.Options.Directory, "*", SearchOption.AllDirectories));
        Assert.Equal(new FileInfo(file).Length, recording.SizeBytes);

        // The file: Opus frames of the Opus talker untouched, talkers in the comments.
        using (var reader = new OggOpusReader(File.OpenRead(file)))
        {
            var packet = new byte[8192];
            for (var i = 0; i < opusSent.Count; i++)
            {
                var length = reader.ReadPacket(packet);
                Assert.Equal(opusSent[i], packet.AsSpan(0, length).ToArray());
            }

            var transmissions = reader.Comments.Where(c => c.Key == "TRANSMISSION").Select(c => c.Value).ToList();
            Assert.Equal(3, transmissions.Count);
            Assert.Contains("talker=patrol-3;unit=patrol-3;endpoint=radio-1", transmissions[0], StringComparison.Ordinal);
            Assert.Contains("endpoint=console-a", transmissions[2], StringComparison.Ordinal);
            Assert.Contains(reader.Comments, c => c.Key == "CALL_ID" && c.Value == call.Id.Value);
            Assert.Contains(reader.Comments, c => c.Key == "TALKGROUP" && c.Value == group.Value);
        }

        // ffmpeg decodes it to the voice's duration: 115 frames of 20 ms = 2.3 s (minus the 6.5 ms pre-skip).
        var decoded = await Ffmpeg.DecodedDurationAsync(file, h.Storage.Folder);
        _output.WriteLine($"decoded {decoded.TotalMilliseconds:F1} ms, file {recording.SizeBytes} bytes");
        Assert.InRange(decoded.TotalMilliseconds, 2300 - 40, 2300 + 40);

        // The query side streams the same bytes.
        await using var opened = await h.Store.OpenRecordingAsync(call.Id);
        Assert.NotNull(opened);
        using var copy = new MemoryStream();
        await opened.Content.CopyToAsync(copy);
        Assert.Equal(await File.ReadAllBytesAsync(file), copy.ToArray());
        Assert.Null(await h.Store.OpenRecordingAsync(new CallId("no-such-call")));
    }

    [Fact]
    public async Task Group_NotRecording_NoFileButCallRowsStillWritten()
    {
        await using var h = new RecordingHarness();
        var group = h.AddGroup("quiet", record: false);
        var radio = h.AddTalker("radio-1", group);
        h.AddTalker("console-a", group);
        await h.StartAsync();

        h.Request(radio, group, Priority.Normal);
        h.TalkPcm(radio, group, 10);
        h.Switchboard.ReleaseFloor(radio.Id, group);
        h.Storage.Time.Advance(TimeSpan.FromSeconds(4));

        await Wait.UntilAsync(async () => (await h.Storage.Calls.ListCallsAsync(new CallQuery(group))).Calls is [{ EndedAt: not null }]);
        Assert.DoesNotContain(RecordingService.EndpointId, h.Switchboard.FindTalkGroup(group)!.Endpoints);
        Assert.False(Directory.Exists(h.Options.Directory) && Directory.EnumerateFiles(h.Options.Directory, "*", SearchOption.AllDirectories).Any());
        Assert.Null((await h.Storage.Calls.ListCallsAsync(new CallQuery(group))).Calls[0].Recording);
    }

    [Fact]
    public async Task DiskGuard_FreeSpaceBelowMinimum_StopsRecordingAndReportsDegraded()
    {
        // More free space than any disk has: the guard trips at start.
        await using var h = new RecordingHarness(minFreeMegabytes: long.MaxValue / (1024L * 1024 * 2));
        var group = h.AddGroup("tianhe-sports", record: true);
        var radio = h.AddTalker("radio-1", group);
        h.AddTalker("console-a", group);
        var events = h.Bus.Subscribe("test", 64, e => e is Core.Events.ConnectorHealthChanged);
        await h.StartAsync();

        h.Request(radio, group, Priority.Normal);
        h.TalkPcm(radio, group, 10);
        h.Switchboard.ReleaseFloor(radio.Id, group);
        h.Storage.Time.Advance(TimeSpan.FromSeconds(4));
        await Wait.UntilAsync(async () => (await h.Storage.Calls.ListCallsAsync(new CallQuery(group))).Calls is [{ EndedAt: not null }]);

        Assert.True(h.Recorder.StoppedForDiskSpace);
        Assert.True(h.Recorder.FramesDropped >= 10);
        Assert.Equal(HealthState.Degraded, h.Health.Snapshot()[RecordingService.HealthComponent].State);
        Assert.Contains("MinFreeMegabytes", h.Health.Snapshot()[RecordingService.HealthComponent].Reason, StringComparison.Ordinal);
        Assert.True(events.Reader.TryRead(out var raised));
        Assert.Equal(RecordingService.HealthComponent, ((Core.Events.ConnectorHealthChanged)raised).Component);
        Assert.Empty(Directory.EnumerateFiles(h.Options.Directory, "*", SearchOption.AllDirectories));
    }
    [Fact]
    public async Task OpenRecording_CallStillInProgress_StreamsWhatIsWrittenSoFar()
    {
        await using var h = new RecordingHarness();
        var group = h.AddGroup("tianhe-sports", record: true);
        var radio = h.AddTalker("radio-1", group);
        h.AddTalker("console-a", group);
        await h.StartAsync();
        var call = h.Request(radio, group, Priority.Normal).Grant!.Call;

        h.TalkPcm(radio, group, 120); // 2.4 s: at least two pages (one per second) reach the file
        await Wait.UntilAsync(() => h.Recorder.FramesHandled == 120);
        await using var opened = await h.Store.OpenRecordingAsync(call);

        Assert.NotNull(opened);
        Assert.False(opened.Info.Complete);
        using var reader = new OggOpusReader(opened.Content, leaveOpen: true);
        Assert.Contains(reader.Comments, c => c.Key == "CALL_ID" && c.Value == call.Value);
        var packets = 0;
        var buffer = new byte[8192];
        while (reader.ReadPacket(buffer) >= 0)
        {
            packets++;
        }

        Assert.InRange(packets, 100, 120);
        h.Switchboard.ReleaseFloor(radio.Id, group);
    }
}

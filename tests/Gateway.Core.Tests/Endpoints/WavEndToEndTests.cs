using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Endpoints;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Tests.TestDoubles;
using Gateway.Tests.Shared;
using NAudio.Wave;

namespace Gateway.Core.Tests.Endpoints;

public sealed class WavEndToEndTests
{
    private static readonly TalkGroupId A = new("a");

    [Fact]
    public async Task PlayAsync_WavIntoGroup_ArrivesSampleAccurateAtOtherEndpointsAndRecorderButNotAtTheSource()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        var listeners = Enumerable.Range(2, 4).Select(i => h.Endpoint("ep" + i, "a")).ToArray();
        var recordingPath = Path.Combine(Path.GetTempPath(), "gateway-core-tests", Guid.NewGuid().ToString("N") + ".wav");
        var recorder = new WavRecorderSink(new EndpointId("recorder"), recordingPath);
        h.Switchboard.Attach(recorder, A);
        var source = new WavFileSource(h.Switchboard, new EndpointId("ep1"), TestPaths.TestDataFile("dispatch-en-48k.wav"), h.Time, "dispatch");

        var play = source.PlayAsync(A, Priority.Dispatcher);
        var result = await DriveClockUntilDone(h, listeners[0], play);

        var original = ReadS16(TestPaths.TestDataFile("dispatch-en-48k.wav"));
        var frames = (original.Length + AudioFormat.FrameSamples - 1) / AudioFormat.FrameSamples;
        Assert.Equal(FloorOutcomeKind.Granted, result.Outcome);
        Assert.True(result.Completed);
        Assert.Equal(frames, result.FramesSent);
        foreach (var listener in listeners)
        {
            var received = Harness.Frames(listener);
            Assert.Equal(frames, received.Count);
            Assert.True(received[0].Flags.HasFlag(FrameFlags.StartOfTransmission));
            Assert.True(received[^1].Flags.HasFlag(FrameFlags.EndOfTransmission));
            Assert.All(received, f => Assert.Equal(new EndpointId("ep1"), f.Talker!.Endpoint));
            var samples = received.SelectMany(f => TestL16CodecFactory.DecodeL16(f.Payload)).ToArray();
            AssertSameAudio(original, samples);
        }

        Assert.Equal(0, source.PacketsHeard);
        Assert.Equal(0, h.Codecs.Decodes);
        await recorder.DisposeAsync();
        Assert.Equal(1, recorder.Transmissions);
        AssertSameAudio(original, ReadS16(recordingPath));
        Assert.DoesNotContain(h.Switchboard.Endpoints, e => e.Id.Value == "ep1");
        File.Delete(recordingPath);
    }

    [Fact]
    public async Task PlayAsync_NarrowbandWav_IsResampledTo48kHz()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        var listener = h.Endpoint("listener", "a");
        var source = new WavFileSource(h.Switchboard, new EndpointId("file"), TestPaths.TestDataFile("dispatch-en-8k.wav"), h.Time);

        var result = await DriveClockUntilDone(h, listener, source.PlayAsync(A, Priority.Normal));

        // 4.75 s at 8 kHz becomes 4.75 s at 48 kHz (the resampler may hold back a few samples of filter delay).
        Assert.True(result.Completed);
        Assert.InRange(result.FramesSent, 236, 238);
        var received = Harness.Frames(listener);
        var rms = Math.Sqrt(received.SelectMany(f => f.Pcm!).Average(s => (double)s * s));
        Assert.InRange(rms, 0.01, 0.5);
    }

    [Fact]
    public async Task PlayAsync_PreemptedByEmergency_StopsAndReportsReason()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        var listener = h.Endpoint("listener", "a");
        h.Endpoint("emergency", "a");
        var source = new WavFileSource(h.Switchboard, new EndpointId("file"), TestPaths.TestDataFile("dispatch-en-48k.wav"), h.Time);

        var play = source.PlayAsync(A, Priority.Normal);
        Eventually.True(() => listener.Delivered == 1, "the first frame");
        for (var i = 0; i < 10; i++)
        {
            var before = listener.Delivered;
            h.Time.Advance(AudioFormat.FrameDuration);
            Eventually.True(() => listener.Delivered > before, "the next frame");
        }

        Assert.Equal(FloorOutcomeKind.Granted, h.Ask("a", "emergency", Priority.Emergency).Kind);
        var result = await DriveClockUntilDone(h, listener, play);

        Assert.False(result.Completed);
        Assert.Equal(TransmissionEndReason.PreEmpted, result.EndReason);
        Assert.InRange(result.FramesSent, 11, 14);
    }

    [Fact]
    public async Task PlayAsync_GroupBusy_WaitsInQueueThenPlaysAfterRelease()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        var listener = h.Endpoint("listener", "a");
        h.Endpoint("holder", "a");
        h.Ask("a", "holder", Priority.Dispatcher);
        var source = new WavFileSource(h.Switchboard, new EndpointId("file"), TestPaths.TestDataFile("dispatch-en-8k.wav"), h.Time);

        var play = source.PlayAsync(A, Priority.Normal);
        Eventually.True(() => h.Switchboard.GetFloorStatus(A).QueueLength == 1, "the file's request to be queued");
        Assert.False(play.IsCompleted);
        h.Switchboard.ReleaseFloor(new EndpointId("holder"), A);
        var result = await DriveClockUntilDone(h, listener, play);

        Assert.Equal(FloorOutcomeKind.Granted, result.Outcome);
        Assert.True(result.Completed);
        Assert.Equal(result.FramesSent, Harness.Frames(listener).Count(f => f.Talker!.Endpoint.Value == "file"));
    }

    [Fact]
    public async Task PlayAsync_QueuedRequestExpires_ReturnsWithoutPlaying()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("a", queueTimeoutSeconds: 5));
        var listener = h.Endpoint("listener", "a");
        h.Endpoint("holder", "a");
        h.Ask("a", "holder", Priority.Emergency);
        var source = new WavFileSource(h.Switchboard, new EndpointId("file"), TestPaths.TestDataFile("dispatch-en-8k.wav"), h.Time);

        var play = source.PlayAsync(A, Priority.Normal);
        Eventually.True(() => h.Switchboard.GetFloorStatus(A).QueueLength == 1, "the file's request to be queued");
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await play.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(FloorOutcomeKind.Queued, result.Outcome);
        Assert.False(result.Completed);
        Assert.Equal(0, result.FramesSent);
        Assert.Equal(0, listener.Delivered);
        Assert.DoesNotContain(h.Switchboard.Endpoints, e => e.Id.Value == "file");
    }

    [Fact]
    public async Task PlayAsync_MissingOrUnsupportedFile_FailsBeforeRequestingTheFloor()
    {
        using var h = new Harness();
        h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        var missing = new WavFileSource(h.Switchboard, new EndpointId("f"), "/nonexistent/x.wav", h.Time);
        var notWav = new WavFileSource(h.Switchboard, new EndpointId("f"), typeof(WavEndToEndTests).Assembly.Location, h.Time);

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => missing.PlayAsync(A, Priority.Normal));
        Assert.Contains("/nonexistent/x.wav", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<FormatException>(() => notWav.PlayAsync(A, Priority.Normal));
        Assert.Equal(FloorPhase.Idle, h.Switchboard.GetFloorStatus(A).Phase);
    }

    private static async Task<WavPlaybackResult> DriveClockUntilDone(Harness h, InMemoryEndpoint listener, Task<WavPlaybackResult> play)
    {
        // Virtual time: advance one frame period whenever the previous frame has arrived.
        Eventually.True(() => listener.Delivered >= 1 || play.IsCompleted, "playback to start");
        while (!play.IsCompleted)
        {
            var before = listener.Delivered;
            h.Time.Advance(AudioFormat.FrameDuration);
            Eventually.True(() => listener.Delivered > before || play.IsCompleted, "the next frame");
        }

        return await play;
    }

    private static short[] ReadS16(string path)
    {
        using var reader = new WaveFileReader(path);
        var bytes = new byte[reader.Length];
        reader.ReadExactly(bytes);
        return TestL16CodecFactory.DecodeL16(bytes);
    }

    private static void AssertSameAudio(short[] original, short[] received)
    {
        var padded = (original.Length + AudioFormat.FrameSamples - 1) / AudioFormat.FrameSamples * AudioFormat.FrameSamples;
        Assert.Equal(padded, received.Length);
        Assert.Equal(original, received.Take(original.Length));
        Assert.All(received.Skip(original.Length), s => Assert.Equal(0, s));
    }
}

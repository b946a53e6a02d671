using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Storage.Recording;
using Gateway.Storage.Repositories;
using Gateway.Storage.Tests.Support;

namespace Gateway.Storage.Tests.Recording;

public sealed class RecorderAllocationTests
{
    /// <summary>The router calls the recorder inside its media lock for every frame: that call must not allocate.</summary>
    [Fact]
    public async Task Deliver_SteadyState_AllocatesNothingOnTheRouterThread()
    {
        await using var h = new RecordingHarness();
        var group = h.AddGroup("tianhe-sports", record: true);
        var radio = h.AddTalker("radio-1", group);
        h.AddTalker("console-a", group);
        await h.StartAsync();
        var payload = new byte[AudioFormat.MaxPacketBytes];
        int length;
        using (var encoder = h.Codecs.CreateEncoder(CodecProfile.Opus()))
        {
            length = encoder.Encode(RecordingHarness.Speech.AsSpan(0, AudioFormat.FrameSamples), payload);
        }

        Assert.Equal(FloorOutcomeKind.Granted, h.Request(radio, group, Priority.Normal).Kind);

        // Opus pass-through frames through the real router to the recorder; warm up, then measure.
        void Send(int frames)
        {
            for (var i = 0; i < frames; i++)
            {
                h.Switchboard.SubmitFrame(radio.Id, group, ReadOnlySpan<float>.Empty, payload.AsSpan(0, length), CodecProfile.Opus(), FrameFlags.None);
            }
        }

        // One dedicated thread plays the router's tick thread (per-thread first-use costs stay in the warm-up). Paced in
        // bursts of one second, letting the recorder catch up between them as a live talker would, so the packet pool
        // reaches its steady size during the warm-up.
        long allocated = -1;
        var sent = 0;
        var caughtUp = () => h.Recorder.FramesHandled == sent;
        var router = new Thread(() =>
        {
            long measured = 0;
            for (var round = 0; round < 30; round++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                Send(50);
                sent += 50;
                if (round >= 10)
                {
                    measured += GC.GetAllocatedBytesForCurrentThread() - before;
                }

                SpinWait.SpinUntil(caughtUp, TimeSpan.FromSeconds(10));
            }

            allocated = measured;
        });
        router.Start();
        await Wait.UntilAsync(() => !router.IsAlive);

        Assert.Equal(0, allocated);
        h.Switchboard.ReleaseFloor(radio.Id, group);
        h.Storage.Time.Advance(TimeSpan.FromSeconds(4));
        await Wait.UntilAsync(() => h.Recorder.RecordingsCompleted == 1);
        var call = Assert.Single((await h.Storage.Calls.ListCallsAsync(new CallQuery(group))).Calls);
        await Wait.UntilAsync(async () => (await h.Storage.Recordings.GetAsync(call.Id))?.Complete == true);
        var recorded = (await h.Storage.Recordings.GetAsync(call.Id))!.Duration + TimeSpan.FromMilliseconds(h.Recorder.FramesDropped * 20);
        Assert.Equal(TimeSpan.FromSeconds(30), recorded); // every frame recorded
        Assert.Equal(0, h.Recorder.FramesDropped);
    }
}

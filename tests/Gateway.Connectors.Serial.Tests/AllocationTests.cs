using Gateway.Audio;
using Gateway.Core.Media;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Serial.Tests;

/// <summary>The per-frame paths (group audio in, radio audio out, capture in, group submit) allocate nothing in steady state.</summary>
public sealed class AllocationTests
{
    [Fact]
    public async Task FramePaths_SteadyState_AllocateNothing()
    {
        await using var h = new RadioHarness(o => o.Squelch.IgnoreWhileTransmitting = false); // both directions at once
        h.Switchboard.RecordFrames = false;
        var pcm = new float[AudioFormat.FrameSamples];
        var capture = new float[AudioFormat.FrameSamples];
        capture.AsSpan().Fill(0.2f);
        h.Squelch = true;

        // Warm up: key the transmitter, open the squelch, take the floor, fill the pools.
        for (var i = 0; i < 50; i++)
        {
            Step(h, pcm, capture);
        }

        Assert.True(h.Endpoint.IsReceiving);
        Assert.Equal(Gateway.Connectors.Serial.Control.TransmitPhase.Transmitting, h.Endpoint.TransmitPhase);

        // The router rents one packet per frame and the endpoint releases it (pre-renting many would measure the
        // core pool's own growth instead of this endpoint).
        var submitted = h.Switchboard.FrameCount;
        var frames = 0;
        var allocated = SteadyStateAllocation.QuietestWindow(() =>
        {
            for (var i = 0; i < 200; i++, frames++)
            {
                var packet = MediaPacketPool.Shared.Rent();
                packet.HasPcm = true;
                h.Endpoint.Deliver(packet);
                h.Endpoint.TryTakePlayoutFrame(pcm);
                h.Endpoint.OnCapturedFrame(capture);
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(submitted + frames, h.Switchboard.FrameCount);
    }

    private static void Step(RadioHarness h, float[] pcm, float[] capture)
    {
        h.DeliverFrame();
        h.Endpoint.TryTakePlayoutFrame(pcm);
        h.Endpoint.OnCapturedFrame(capture);
        h.Time.Advance(TimeSpan.FromMilliseconds(20));
    }
}

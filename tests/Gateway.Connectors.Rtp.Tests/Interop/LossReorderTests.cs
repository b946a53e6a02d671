using System.Diagnostics;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Tests.Support;
using Gateway.Tests.Shared;
using Xunit.Abstractions;

namespace Gateway.Connectors.Rtp.Tests.Interop;

/// <summary>
/// A captured ffmpeg Opus stream is replayed with 10 % loss and 10 % adjacent reordering: the gateway conceals every
/// hole (no output gap longer than a frame), and its statistics report exactly the injected loss and reordering and
/// the jitter that the replay timing implies.
/// </summary>
[Collection("ffmpeg")]
public sealed class LossReorderTests
{
    private readonly ITestOutputHelper _output;

    public LossReorderTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Replay_TenPercentLossAndReorder_ConcealedAndCountedExactly()
    {
        // 1. Capture a real stream.
        List<CapturedPacket> captured;
        using (var capture = new RtpCapture(FreePort.UdpPair()))
        {
            using var ffmpeg = Ffmpeg.SendOpusTone(capture.Port, 2.0, padSeconds: 0);
            await ffmpeg.WaitForExitAsync(TimeSpan.FromSeconds(20));
            await FfmpegInteropTests.WaitUntilAsync(() => capture.Count >= 100, TimeSpan.FromSeconds(2));
            captured = [.. capture.Packets.OrderBy(p => p.Header.SequenceNumber)];
        }

        // 2. Impair it: drop 10 %, swap 10 % of adjacent pairs; never the first or last few packets.
        var random = new Random(7587);
        var order = new List<int>();
        int lost = 0, swapped = 0;
        for (var i = 0; i < captured.Count; i++)
        {
            var edge = i < 3 || i >= captured.Count - 3;
            if (!edge && random.NextDouble() < 0.10)
            {
                lost++;
                continue;
            }

            if (!edge && i + 1 < captured.Count - 3 && random.NextDouble() < 0.10)
            {
                order.Add(i + 1);
                order.Add(i);
                swapped++;
                i++;
                continue;
            }

            order.Add(i);
        }

        // Each packet is sent in its own 20 ms slot (a swapped pair trades slots).
        var swapPairs = new HashSet<int>();
        for (var k = 0; k + 1 < order.Count; k++)
        {
            if (order[k] > order[k + 1])
            {
                swapPairs.Add(order[k]);
            }
        }

        var schedule = new List<(double AtMs, byte[] Datagram)>();
        for (var k = 0; k < order.Count; k++)
        {
            var slotIndex = order[k] + (swapPairs.Contains(order[k]) ? -1 : 0) + (k > 0 && order[k] < order[k - 1] ? 1 : 0);
            schedule.Add((20.0 * slotIndex, captured[order[k]].Datagram));
        }

        // 3. Replay through the gateway: in (Opus) -> group A -> out (Opus) -> capture.
        await using var gateway = new GatewayHarness("A");
        using var sink = new RtpCapture(FreePort.UdpPair());
        var ingress = gateway.Add("in", "A", "opus", configure: o => o.JitterMaxMs = 600);
        gateway.Add("out", "A", "opus", sink.Port);
        var sentAt = PacedSender.Send(GatewayHarness.Loopback(ingress.LocalEndPoint.Port), schedule);
        await FfmpegInteropTests.WaitUntilAsync(() => ingress.Ingress.Phase == Rtp.Ingress.SpurtPhase.Idle, TimeSpan.FromSeconds(3));
        await Task.Delay(100);

        // 4. Statistics match the impairment.
        var stats = ingress.GetStatistics();
        var expectedJitterMs = ReferenceJitterMs(schedule, sentAt);
        _output.WriteLine($"lost {lost}, swapped {swapped}, expected jitter {expectedJitterMs:F2} ms; {FfmpegInteropTests.Describe(stats)}");
        Assert.True(lost >= 5 && swapped >= 5, "the seeded impairment must actually lose and reorder packets");
        Assert.Equal(lost, stats.PacketsLost);
        // A packet that arrives after its play-out time (scheduler stalls on a loaded machine) is dropped as late and
        // concealed too: concealment covers exactly the injected loss plus those late drops.
        var lateDrops = stats.Drops.GetValueOrDefault(Rtp.Protocol.RtpDropReason.DuplicateOrLate);
        Assert.Equal(lost + lateDrops, stats.FramesConcealed);
        Assert.Equal(swapped, stats.Reordered);
        // The receive side can only add delay variation (scheduler noise on a loaded machine), never remove it.
        Assert.InRange(stats.JitterMilliseconds, expectedJitterMs - 1.5, expectedJitterMs + 6);

        // 5. The output is continuous: every frame present in sequence, no audible gap longer than one frame.
        var output = sink.Packets.OrderBy(p => p.Header.SequenceNumber).ToList();
        // Every input frame comes out, except packets the buffer discarded on purpose to cut delay after a stall.
        Assert.Equal(captured.Count - stats.PacketsSkipped, output.Count);
        for (var i = 1; i < output.Count; i++)
        {
            Assert.Equal((ushort)(output[i - 1].Header.SequenceNumber + 1), output[i].Header.SequenceNumber);
        }

        using var decoder = gateway.Codecs.CreateDecoder(CodecProfile.Opus());
        var pcm = new float[output.Count * 960];
        var n = 0;
        foreach (var packet in output)
        {
            n += decoder.Decode(packet.Payload, pcm.AsSpan(n));
        }

        var tone = ToneAnalysis.Measure(pcm.AsSpan(0, n), 48_000);
        _output.WriteLine(tone.ToString());
        Assert.True(tone.LongestGapSeconds <= 0.02, $"longest gap {tone.LongestGapSeconds * 1000} ms");
        Assert.InRange(tone.FrequencyHz, 990, 1010);
    }

    /// <summary>RFC 3550 A.8 over the replay as sent (send instants and RTP timestamps), in milliseconds.</summary>
    private static double ReferenceJitterMs(List<(double AtMs, byte[] Datagram)> schedule, long[] sentAt)
    {
        var estimator = new RtpJitterEstimator();
        for (var i = 0; i < schedule.Count; i++)
        {
            RtpPacketReader.TryRead(schedule[i].Datagram, out var header, out _);
            estimator.Update((long)(sentAt[i] * 48_000.0 / Stopwatch.Frequency), header.Timestamp);
        }

        return estimator.JitterMilliseconds(48_000);
    }
}

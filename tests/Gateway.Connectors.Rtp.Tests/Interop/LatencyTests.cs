using System.Diagnostics;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Tests.Support;
using Gateway.Tests.Shared;
using Xunit.Abstractions;

namespace Gateway.Connectors.Rtp.Tests.Interop;

/// <summary>
/// Gateway-added latency, packet in → packet out on loopback, for pass-through (Opus → Opus, payload forwarded
/// untouched) and transcoding (Opus → PCMA: decode, resample, encode). Prints p50/p99; the bounds only catch gross
/// regressions (a buffer that never stops growing), they are not a benchmark.
/// </summary>
[Collection("ffmpeg")]
public sealed class LatencyTests
{
    private readonly ITestOutputHelper _output;

    public LatencyTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("opus", 40)]
    [InlineData("pcma", 40)]
    [InlineData("opus", 0)]
    [InlineData("pcma", 0)]
    public async Task PacketInToPacketOut_PacedStream_ReportsPercentiles(string outCodec, int jitterMinMs)
    {
        await using var gateway = new GatewayHarness("A");
        using var sink = new RtpCapture(FreePort.UdpPair());
        var ingress = gateway.Add("in", "A", "opus", configure: o => o.JitterMinMs = jitterMinMs);
        gateway.Add("out", "A", outCodec, sink.Port);
        var latencies = new List<double>();
        for (var attempt = 0; attempt < 3 && latencies.Count == 0; attempt++)
        {
            // A sweep makes every Opus payload unique, so pass-through output is matched to its input byte for byte.
            var stream = ToneStream.Build(gateway.Codecs, CodecProfile.Opus(), 111, 3.0, ssrc: (uint)(4242 + attempt), firstSequence: (ushort)(attempt * 1000), frequency: 500, sweepHzPerSecond: 300);
            var skippedBefore = ingress.GetStatistics().PacketsSkipped;
            var before = sink.Count;
            var sentAt = PacedSender.Send(GatewayHarness.Loopback(ingress.LocalEndPoint.Port), stream);
            await FfmpegInteropTests.WaitUntilAsync(() => sink.Count - before >= stream.Count - 2 - (ingress.GetStatistics().PacketsSkipped - skippedBefore), TimeSpan.FromSeconds(15));
            await FfmpegInteropTests.WaitUntilAsync(() => ingress.Ingress.Phase == Rtp.Ingress.SpurtPhase.Idle, TimeSpan.FromSeconds(15));
            var output = sink.Packets.Skip(before).ToList();
            if (outCodec == "opus")
            {
                var index = new Dictionary<string, int>();
                for (var i = 0; i < stream.Count; i++)
                {
                    Rtp.Protocol.RtpPacketReader.TryRead(stream[i].Datagram, out var h, out _);
                    Assert.True(index.TryAdd(Convert.ToHexString(h.Payload(stream[i].Datagram)), i), "payloads must be unique");
                }

                foreach (var packet in output)
                {
                    // Every packet must be one of the inputs, untouched (pass-through).
                    Assert.True(index.TryGetValue(Convert.ToHexString(packet.Payload), out var i), "pass-through output must equal an input payload");
                    latencies.Add((packet.ArrivalTimestamp - sentAt[i]) * 1000.0 / Stopwatch.Frequency);
                }
            }
            else if (ingress.GetStatistics().PacketsSkipped == skippedBefore)
            {
                // Transcoded: one output packet per input frame, in order (valid only when the buffer discarded
                // nothing to cut delay; otherwise measure again).
                for (var i = 0; i < Math.Min(output.Count, stream.Count); i++)
                {
                    latencies.Add((output[i].ArrivalTimestamp - sentAt[i]) * 1000.0 / Stopwatch.Frequency);
                }
            }
        }

        Assert.NotEmpty(latencies);
        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p99 = latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(latencies.Count * 0.99) - 1)];
        _output.WriteLine($"LATENCY opus->{outCodec} jitterMin={jitterMinMs} ms: skipped={ingress.GetStatistics().PacketsSkipped} underruns={ingress.GetStatistics().Underruns} n={latencies.Count} p50={p50:F1} ms p99={p99:F1} ms max={latencies[^1]:F1} ms");
        Assert.True(latencies.Count >= 140, $"matched {latencies.Count} of 150");
        Assert.InRange(p50, 0, 250); // bounded by JitterMaxMs (200) plus a frame or two of scheduling
    }
}

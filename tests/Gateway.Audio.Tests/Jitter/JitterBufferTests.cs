using Gateway.Audio.Codecs;
using Gateway.Audio.Jitter;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Audio.Tests.Jitter;

public sealed class JitterBufferTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private static JitterBuffer PassThrough(JitterBufferOptions? options = null) => new(CodecProfile.Opus(), null, options);

    private static TimeSpan Until(int packets) => TimeSpan.FromMilliseconds((packets * 20) + 600);

    [Fact]
    public void Pop_InOrderConstantDelay_PlaysEveryPacketAtMinimumDelay()
    {
        var result = JitterScript.Stream(500, _ => 30 * Ms).Run(PassThrough(), Until(500));
        Assert.Equal(Enumerable.Range(0, 500), result.Played);
        Assert.Equal(0, result.Stats.Lost);
        Assert.Equal(0, result.Stats.Late);
        Assert.Equal(40 * Ms, result.Stats.TargetDelay);
        Assert.All(result.Delays.Skip(5), d => Assert.InRange(d.TotalMilliseconds, 20, 60));
        Assert.Equal(1, result.Stats.Spurts);
    }

    [Fact]
    public void Pop_ReorderedPairs_PlaysInSequenceWithoutLoss()
    {
        // Every 7th packet is overtaken by its successor (arrives 25 ms later than it).
        var result = JitterScript.Stream(400, i => (i % 7 == 3 ? 55 : 30) * Ms).Run(PassThrough(), Until(400));
        Assert.Equal(Enumerable.Range(0, 400), result.Played);
        Assert.Equal(0, result.Stats.Lost);
        Assert.Equal(0, result.Stats.Late);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    public void Pop_RandomLoss_CountsExactlyTheDroppedPackets(int percent)
    {
        var random = new Random(percent);
        var dropped = Enumerable.Range(0, 1000).Where(i => i > 0 && i < 999 && random.Next(100) < percent).ToHashSet();
        var buffer = PassThrough();
        var result = JitterScript.Stream(1000, _ => 30 * Ms, dropped.Contains).Run(buffer, Until(1000));
        Assert.Equal(Enumerable.Range(0, 1000).Where(i => !dropped.Contains(i)), result.Played);
        Assert.Equal(dropped.Count, result.Stats.Lost);
        Assert.Equal(0, result.Stats.Late);
        Assert.InRange(result.Stats.Concealed, dropped.Count, dropped.Count + 10);
    }

    [Fact]
    public void Pop_BurstLoss_ConcealsTheBurstAndResumes()
    {
        static bool Drop(int i) => i % 100 is >= 50 and < 56; // 6 packets (120 ms) lost every 2 s
        var result = JitterScript.Stream(600, _ => 25 * Ms, Drop).Run(PassThrough(), Until(600));
        Assert.Equal(Enumerable.Range(0, 600).Where(i => !Drop(i)), result.Played);
        Assert.Equal(36, result.Stats.Lost);
        Assert.True(result.StrictlyIncreasing);
    }

    [Fact]
    public void Pop_JitterSpike_StallsInsteadOfLosingAndRaisesTarget()
    {
        // At packet 200, eight packets are held back and arrive together 150 ms late.
        static TimeSpan Delay(int i) => (i is >= 200 and < 208 ? 30 + 150 - ((i - 200) * 20) : 30) * Ms;
        var buffer = PassThrough();
        var result = JitterScript.Stream(400, Delay).Run(buffer, TimeSpan.FromMilliseconds(200 * 20 + 500));
        Assert.Equal(Enumerable.Range(0, result.Played.Count), result.Played);
        Assert.Equal(0, result.Stats.Lost);
        Assert.Equal(0, result.Stats.Late);
        Assert.True(buffer.Statistics.TargetDelay > 120 * Ms, $"target {buffer.Statistics.TargetDelay}");
        Assert.True(result.Stats.Concealed >= 4, "the stall is concealed");
    }

    [Fact]
    public void Pop_RandomJitter_AdaptsTargetAboveMinimumAndLosesLittle()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 1500).Select(_ => TimeSpan.FromMilliseconds(20 + random.Next(0, 70))).ToArray();
        var result = JitterScript.Stream(1500, i => delays[i]).Run(PassThrough(), Until(1500));
        Assert.InRange(result.Stats.TargetDelay.TotalMilliseconds, 60, 100);
        Assert.InRange(result.Stats.Late + result.Stats.Lost, 0, 15);
        Assert.True(result.StrictlyIncreasing);
        Assert.All(result.Delays, d => Assert.True(d <= 220 * Ms, $"delay {d}"));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(-100)]
    public void Pop_ClockDrift100Ppm_KeepsDelayBoundedOverTenMinutes(double ppm)
    {
        const int Packets = 30_000; // 10 minutes
        var result = JitterScript.Stream(Packets, _ => 30 * Ms, clockPpm: ppm).Run(PassThrough(), Until(Packets));
        Assert.InRange(result.Played.Count, Packets - 10, Packets);
        Assert.True(result.StrictlyIncreasing);
        Assert.Equal(0, result.Stats.Late);
        Assert.All(result.Delays.Skip(10), d => Assert.InRange(d.TotalMilliseconds, 0, 80));

        // 60 ms of drift is absorbed by at most a few discarded (sender fast) or stretched (sender slow) frames.
        Assert.InRange(result.Stats.Discarded + result.Stats.Concealed, 1, 12);
    }

    [Fact]
    public void Push_SequenceWrap_PlaysAcrossTheWrap()
    {
        var result = JitterScript.Stream(300, i => (i % 5 == 1 ? 45 : 30) * Ms, firstSequence: 65_400, firstTimestamp: uint.MaxValue - 50_000)
            .Run(PassThrough(), Until(300));
        Assert.Equal(Enumerable.Range(0, 300), result.Played);
        Assert.Equal(0, result.Stats.Lost);
    }

    [Fact]
    public void Push_Duplicates_AreDetectedBeforeAndAfterPlayout()
    {
        var script = JitterScript.Stream(200, _ => 30 * Ms);
        foreach (var a in script.Arrivals.Where(a => a.Sequence % 10 == 0).ToList())
        {
            script.Arrivals.Add(a with { At = a.At + (5 * Ms) });   // still buffered
            script.Arrivals.Add(a with { At = a.At + (300 * Ms) }); // long played
        }

        var result = script.Run(PassThrough(), Until(200));
        Assert.Equal(Enumerable.Range(0, 200), result.Played);
        Assert.Equal(40, result.Stats.Duplicated);
        Assert.Equal(0, result.Stats.Late);
    }

    [Fact]
    public void Push_PacketAfterItsPlayoutTime_IsLateAndCountedLost()
    {
        var result = JitterScript.Stream(100, i => (i == 50 ? 400 : 30) * Ms).Run(PassThrough(), Until(100));
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i != 50), result.Played);
        Assert.Equal(1, result.Stats.Late);
        Assert.Equal(1, result.Stats.Lost);
    }

    [Fact]
    public void Push_SsrcChangeMarkerAfterSilenceAndTimestampJump_StartNewSpurts()
    {
        var script = JitterScript.Stream(50, _ => 30 * Ms);
        script.Append(50, _ => 30 * Ms, null, 0, 40_000, 9_000, 2, TimeSpan.FromSeconds(2)); // new SSRC
        script.Append(50, _ => 30 * Ms, null, 0, 40_050, 9_000 + (50 * 960), 2, TimeSpan.FromSeconds(5)); // same SSRC after 2 s of silence
        script.Append(50, _ => 30 * Ms, null, 0, 40_100, 900_000_000, 2, TimeSpan.FromSeconds(6.1)); // timestamp jump (sender restart)
        var result = script.Run(PassThrough(), TimeSpan.FromSeconds(8));
        Assert.Equal(4, result.Stats.Spurts);
        Assert.Equal(200, result.Played.Count);
        Assert.Equal(0, result.Stats.Lost);
    }

    [Fact]
    public void Pop_MumbleStyleSequenceInTenMsUnits_CountsOnlyRealLoss()
    {
        // Mumble: seq +2 per 20 ms packet, timestamp = seq × 480; packet 40 is dropped.
        var script = new JitterScript();
        for (var i = 0; i < 100; i++)
        {
            if (i != 40)
            {
                var seq = (ushort)(i * 2);
                script.Arrivals.Add(new JitterScript.Arrival(TimeSpan.FromMilliseconds((i * 20) + 30), seq, (uint)(seq * 480), JitterScript.Packet(i)));
            }
        }

        var result = script.Run(PassThrough(), Until(100));
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i != 40), result.Played);
        Assert.Equal(1, result.Stats.Lost);
    }

    [Fact]
    public void Push_StragglerAfterSpurtEnded_IsLateNotANewSpurt()
    {
        var script = JitterScript.Stream(50, _ => 30 * Ms);
        script.Arrivals.Add(script.Arrivals[45] with { At = TimeSpan.FromMilliseconds(1400) });         // straggler
        script.Append(20, _ => 30 * Ms, null, 0, 1000, 500_000, 1, TimeSpan.FromSeconds(8));          // sender restarted its sequence
        script.Arrivals[^20] = script.Arrivals[^20] with { Marker = false };                               // and sets no marker (Mumble)
        var result = script.Run(PassThrough(), TimeSpan.FromSeconds(9));
        Assert.Equal(2, result.Stats.Spurts);
        Assert.Equal(1, result.Stats.Late);
        Assert.Equal(70, result.Played.Count);
    }

    [Fact]
    public void Pop_StartOfSpurt_FlagsFirstFrameOnly()
    {
        var buffer = PassThrough();
        var payload = new byte[100];
        buffer.Push(10, 960, JitterScript.Packet(0), TimeSpan.Zero);
        buffer.Push(11, 1920, JitterScript.Packet(1), 20 * Ms);
        buffer.Push(12, 2880, JitterScript.Packet(2), 40 * Ms);
        Assert.Equal(JitterFrameKind.Silence, buffer.Pop([], payload, 20 * Ms).Kind); // buffering up to 40 ms
        var first = buffer.Pop([], payload, 40 * Ms);
        Assert.True(first.StartOfSpurt);
        Assert.Equal((ushort)10, first.Sequence);
        Assert.Equal(960u, first.Timestamp);
        var second = buffer.Pop([], payload, 60 * Ms);
        Assert.False(second.StartOfSpurt);
        Assert.Equal((ushort)11, second.Sequence);
    }

    [Fact]
    public void Push_MalformedPayload_IsDroppedAndCounted()
    {
        var buffer = PassThrough();
        Assert.Equal(JitterPushResult.Malformed, buffer.Push(1, 0, ReadOnlySpan<byte>.Empty, TimeSpan.Zero));
        Assert.Equal(JitterPushResult.Malformed, buffer.Push(2, 0, new byte[] { 0x03 }, TimeSpan.Zero));
        Assert.Equal(2, buffer.Statistics.Malformed);
    }

    [Fact]
    public void PushPop_TimeProviderOverloads_UseInjectedClock()
    {
        var time = new FakeTimeProvider();
        var buffer = new JitterBuffer(CodecProfile.Opus(), null, null, time);
        var payload = new byte[100];
        var played = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            buffer.Push((ushort)i, (uint)(i * 960), JitterScript.Packet(i));
            time.Advance(TimeSpan.FromMilliseconds(20));
            if (buffer.Pop([], payload).HasPayload)
            {
                played.Add(JitterScript.IndexOf(payload));
            }
        }

        // The first tick (20 ms after the first packet) is still buffering toward 40 ms; then one packet per tick.
        Assert.Equal(Enumerable.Range(0, 9), played);
    }

    [Fact]
    public void Options_MaxBelowMin_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => PassThrough(new JitterBufferOptions { MinDelay = 100 * Ms, MaxDelay = 50 * Ms }));
        Assert.Contains("MaxDelay", ex.Message, StringComparison.Ordinal);
    }
}

using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Ingress;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;
using Gateway.Core.Tests.TestDoubles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Connectors.Rtp.Tests.Ingress;

/// <summary>The ingress state machine and play-out on virtual time, against the real switchboard and codecs.</summary>
public sealed class RtpIngressTests : IDisposable
{
    private static readonly TalkGroupId Group = new("A");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20000));
    private readonly CodecFactory _codecs = new();
    private readonly GatewayMetrics _metrics = new();
    private readonly EventBus _events;
    private readonly Switchboard _switchboard;
    private readonly InMemoryEndpoint _listener = new(new EndpointId("listener"), CodecProfile.Pcmu);

    public RtpIngressTests()
    {
        _events = new EventBus(_metrics);
        _switchboard = new Switchboard(_codecs, _events, _metrics, _time);
        _switchboard.UpsertTalkGroup(TalkGroupSettings.Default(Group) with { HangTime = TimeSpan.Zero });
        _switchboard.Attach(_listener, Group);
    }

    [Fact]
    public void Tick_SteadyG711Stream_EveryPacketBecomesOneFrameAndSpurtEndsAfterSilence()
    {
        var (ingress, counters) = Create("pcmu");
        var payload = new byte[160];
        ushort seq = 100;
        uint ts = 8000;
        var submitted = 0;
        for (var i = 0; i < 100; i++)
        {
            Feed(ingress, counters, seq++, ts, payload);
            ts += 160;
            _time.Advance(TimeSpan.FromMilliseconds(20));
            submitted += ingress.Tick() ? 1 : 0;
        }

        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            submitted += ingress.Tick() ? 1 : 0;
        }

        // 100 audio frames plus the end-of-transmission frame; nothing skipped; one spurt; the floor is free again.
        Assert.Equal(101, submitted);
        Assert.Equal(0, counters.PacketsSkipped);
        Assert.Equal(1, counters.TalkSpurts);
        Assert.Equal(SpurtPhase.Idle, ingress.Phase);
        Assert.NotEqual(FloorPhase.Taken, _switchboard.GetFloorStatus(Group).Phase);
    }

    [Fact]
    public void Tick_BurstySender_StretchesWithoutSkippingUpToMaximum()
    {
        // Bursts of 6 packets every 120 ms (ffmpeg with lavfi's default frame size): the buffer must grow, not drop.
        var (ingress, counters) = Create("pcmu", o => o.JitterMaxMs = 300);
        var payload = new byte[160];
        ushort seq = 1;
        uint ts = 0;
        var submitted = 0;
        for (var burst = 0; burst < 20; burst++)
        {
            for (var p = 0; p < 6; p++)
            {
                Feed(ingress, counters, seq++, ts, payload);
                ts += 160;
            }

            for (var t = 0; t < 6; t++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(20));
                submitted += ingress.Tick() ? 1 : 0;
            }
        }

        for (var t = 0; t < 40; t++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            submitted += ingress.Tick() ? 1 : 0;
        }

        Assert.Equal(0, counters.PacketsSkipped);
        Assert.Equal(1, counters.TalkSpurts);
        Assert.Equal(121, submitted);
    }

    [Fact]
    public void Tick_SenderFarAheadOfJitterMax_SkipsOldestAndCountsThemAsDrops()
    {
        // A sender that delivers 600 ms of audio at once into a 100 ms buffer: the excess is discarded unplayed, and
        // every discarded packet is visible as a drop (reason rtp.skipped), not only in the endpoint's statistics.
        var (ingress, counters) = Create("pcmu", o => o.JitterMaxMs = 100);
        using var metrics = new MetricRecorder(_metrics);
        var payload = new byte[160];
        ushort seq = 1;
        uint ts = 0;
        var submitted = 0;
        for (var p = 0; p < 30; p++)
        {
            Feed(ingress, counters, seq++, ts, payload);
            ts += 160;
        }

        for (var t = 0; t < 40; t++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            submitted += ingress.Tick() ? 1 : 0;
        }

        Assert.True(counters.PacketsSkipped > 0, "nothing skipped");
        Assert.Equal(counters.PacketsSkipped, metrics.Get("gateway.drops", "rtp.skipped"));
        Assert.Equal(0, counters.DropCount(RtpDropReason.Skipped)); // accepted datagrams, not per-datagram drops
        Assert.Equal(30 - counters.PacketsSkipped + 1, submitted); // the rest played, plus the end of transmission
    }

    [Fact]
    public void OnPacket_KnownArrivalJitter_StatisticsEqualReferenceEstimate()
    {
        // Every third packet arrives 12 ms late; the endpoint's jitter must equal RFC 3550 A.8 over the same arrivals.
        var (ingress, counters) = Create("pcmu");
        var reference = new RtpJitterEstimator();
        var payload = new byte[160];
        var t0 = _time.GetUtcNow();
        for (var i = 0; i < 60; i++)
        {
            var arrivalMs = (20 * i) + (i % 3 == 2 ? 12 : 0);
            _time.SetUtcNow(t0.AddMilliseconds(arrivalMs));
            Feed(ingress, counters, (ushort)(500 + i), (uint)(i * 160), payload);
            if (i > 0)
            {
                // The first packet is held in probation (RFC 3550 A.1) and not yet measured.
                reference.Update(arrivalMs * 8, (uint)(i * 160));
            }
        }

        Assert.Equal(reference.JitterMilliseconds(8000), ingress.ReceptionFigures().JitterMs, 1);
        Assert.True(ingress.ReceptionFigures().JitterMs > 3, "the injected lateness must show");
    }

    [Fact]
    public void OnPacket_FloorHeldByHigherPriority_DropsAndCountsUntilSilenceThenRetries()
    {
        var (ingress, counters) = Create("pcmu");
        var dispatcher = new InMemoryEndpoint(new EndpointId("dispatch"), CodecProfile.Pcmu, capture: false);
        _switchboard.Attach(dispatcher, Group);
        var grant = _switchboard.RequestFloor(new FloorRequest(Group, new Talker(dispatcher.Id, null, "dispatch"), Priority.Emergency));
        Assert.Equal(FloorOutcomeKind.Granted, grant.Kind);

        var payload = new byte[160];
        var floorDrops = 0;
        for (var i = 0; i < 10; i++)
        {
            var packet = new byte[200];
            var length = RtpPacketWriter.Write(packet, false, 0, (ushort)(10 + i), (uint)(i * 160), 99, payload);
            RtpPacketReader.TryRead(packet.AsSpan(0, length), out var header, out _);
            floorDrops += ingress.OnPacket(header, header.Payload(packet.AsSpan(0, length)), out _) == RtpDropReason.FloorNotHeld ? 1 : 0;
            _time.Advance(TimeSpan.FromMilliseconds(20));
            ingress.Tick();
        }

        // The spurt requested the floor once (queued behind emergency, or denied), then every further packet is dropped.
        Assert.True(floorDrops >= 8, $"{floorDrops} floor drops");
        Assert.NotEqual(SpurtPhase.Held, ingress.Phase);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        ingress.Tick();
        Assert.Equal(SpurtPhase.Idle, ingress.Phase);
        Assert.Equal(dispatcher.Id, _switchboard.GetFloorStatus(Group).Holder?.Talker.Endpoint);
    }

    [Fact]
    public void OnPacket_ByeOfCurrentSource_EndsSpurtAfterDrain()
    {
        var (ingress, counters) = Create("pcmu");
        var payload = new byte[160];
        for (var i = 0; i < 5; i++)
        {
            Feed(ingress, counters, (ushort)i, (uint)(i * 160), payload);
            _time.Advance(TimeSpan.FromMilliseconds(20));
            ingress.Tick();
        }

        ingress.OnBye(1234);
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            ingress.Tick();
        }

        // Ended well before the 250 ms silence timeout.
        Assert.Equal(SpurtPhase.Idle, ingress.Phase);
    }

    [Fact]
    public void OnPacket_JitterMinZeroInOrder_EachPacketIsForwardedOnArrivalWithoutTicks()
    {
        var (ingress, counters) = Create("pcmu", o => o.JitterMinMs = 0);
        var payload = new byte[160];
        var delivered = new List<long>();
        for (var i = 0; i < 50; i++)
        {
            Feed(ingress, counters, (ushort)(700 + i), (uint)(i * 160), payload);
            delivered.Add(_listener.Delivered);
            _time.Advance(TimeSpan.FromMilliseconds(20)); // virtual time moves, but the play-out clock never ticks
        }

        // The first packet waits in probation for its successor (RFC 3550 A.1); from then on every arrival is one frame
        // at the listener before the next packet arrives.
        Assert.Equal(0, delivered[0]);
        Assert.Equal(2, delivered[1]);
        for (var i = 2; i < delivered.Count; i++)
        {
            Assert.Equal(i + 1, delivered[i]);
        }

        Assert.Equal(50, counters.FramesSubmitted);
        Assert.Equal(0, counters.Underruns);
        Assert.Equal(SpurtPhase.Held, ingress.Phase);

        // The stream end still comes from the clock: silence, then end of transmission and the floor released.
        for (var i = 0; i < 15; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            ingress.Tick();
        }

        Assert.Equal(SpurtPhase.Idle, ingress.Phase);
        Assert.Equal(1, _listener.EndsOfTransmission);
        Assert.Equal(0, counters.Underruns);
        Assert.NotEqual(FloorPhase.Taken, _switchboard.GetFloorStatus(Group).Phase);
    }

    [Fact]
    public void Tick_SpurtEnds_ReturnsItsBuffersSoIdleEndpointsHoldNone()
    {
        var (ingress, counters) = Create("opus");
        Assert.False(ingress.HasSpurtBuffers);
        var stream = Support.ToneStream.Build(_codecs, CodecProfile.Opus(), 111, 1.0, ssrc: 1234);
        foreach (var packet in stream)
        {
            RtpPacketReader.TryRead(packet.Datagram, out var header, out _);
            ingress.OnPacket(header, header.Payload(packet.Datagram), out _);
            _time.Advance(TimeSpan.FromMilliseconds(20));
            ingress.Tick();
        }

        Assert.True(ingress.HasSpurtBuffers);
        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            ingress.Tick();
        }

        Assert.Equal(SpurtPhase.Idle, ingress.Phase);
        Assert.True(counters.FramesSubmitted >= 45, $"{counters.FramesSubmitted} frames");
        Assert.False(ingress.HasSpurtBuffers);
    }

    [Fact]
    public void OnPacket_BacklogReadSecondsLate_DroppedAsStaleUntilCaughtUp()
    {
        var (ingress, counters) = Create("pcmu", o => o.JitterMinMs = 0);
        var payload = new byte[160];
        ushort seq = 300;
        uint ts = 0;
        for (var i = 0; i < 20; i++)
        {
            Feed(ingress, counters, seq++, ts, payload);
            ts += 160;
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        // The process stalls for 2 s while the talker keeps sending; then the socket's backlog is read all at once.
        _time.Advance(TimeSpan.FromSeconds(2));
        var stale = 0;
        for (var i = 0; i < 100; i++)
        {
            var packet = new byte[200];
            var length = RtpPacketWriter.Write(packet, false, 0, seq++, ts, 1234, payload);
            ts += 160;
            RtpPacketReader.TryRead(packet.AsSpan(0, length), out var header, out _);
            stale += ingress.OnPacket(header, header.Payload(packet.AsSpan(0, length)), out _) == RtpDropReason.Stale ? 1 : 0;
        }

        // Packets more than JitterMax (200 ms) + 100 ms behind the spurt's best transit are skipped; the last ~300 ms of
        // the backlog are still played, and the spurt never timed out.
        Assert.InRange(stale, 80, 90);
        Assert.Equal(SpurtPhase.Held, ingress.Phase);
        Assert.Equal(1, counters.TalkSpurts);
        Feed(ingress, counters, seq, ts, payload);
    }

    [Fact]
    public void OnPacket_JitterMinZeroSwappedPair_WaitsForTheMissingPacketAndPlaysInOrder()
    {
        var (ingress, counters) = Create("pcmu", o => o.JitterMinMs = 0);
        var sequences = new List<long>();
        _listener.OnPacket = p => sequences.Add(p.Payload[0]);
        byte[] Payload(int marker)
        {
            var payload = new byte[160];
            payload[0] = (byte)marker;
            return payload;
        }

        Feed(ingress, counters, 10, 0, Payload(0));
        Feed(ingress, counters, 11, 160, Payload(1));
        Feed(ingress, counters, 13, 480, Payload(3)); // 12 is late: 13 must wait for it
        Assert.Equal([0, 1], sequences);
        Feed(ingress, counters, 12, 320, Payload(2));
        Assert.Equal([0, 1, 2, 3], sequences);
        Assert.Equal(0, counters.FramesConcealed);
        Assert.Equal(1, counters.Reordered);
    }

    [Fact]
    public void Tick_JitterMinZeroLostPacket_ConcealsTheHoleAfterOneTickThenPlaysTheRest()
    {
        var (ingress, counters) = Create("pcmu", o => o.JitterMinMs = 0);
        var payload = new byte[160];
        Feed(ingress, counters, 10, 0, payload);
        Feed(ingress, counters, 11, 160, payload);
        Feed(ingress, counters, 13, 480, payload); // 12 never arrives
        Assert.Equal(2, counters.FramesSubmitted);

        // The first tick gives the hole its chance to fill; the second conceals it and releases 13 behind it.
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.False(ingress.Tick());
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(ingress.Tick());
        Assert.Equal(4, counters.FramesSubmitted);
        Assert.Equal(1, counters.FramesConcealed);
        Assert.Equal(4, _listener.Delivered);
    }

    private void Feed(RtpIngress ingress, RtpCounters counters, ushort seq, uint ts, byte[] payload)
    {
        var packet = new byte[200];
        var length = RtpPacketWriter.Write(packet, false, 0, seq, ts, 1234, payload);
        Assert.True(RtpPacketReader.TryRead(packet.AsSpan(0, length), out var header, out _));
        var reason = ingress.OnPacket(header, header.Payload(packet.AsSpan(0, length)), out var held);
        Assert.Equal(RtpDropReason.None, reason);
        Interlocked.Increment(ref held ? ref counters.Held : ref counters.Accepted);
    }

    private (RtpIngress Ingress, RtpCounters Counters) Create(string codec, Action<RtpEndpointOptions>? configure = null)
    {
        var options = new RtpEndpointOptions { Id = "radio", TalkGroup = "A", Listen = "127.0.0.1:40000", Codec = codec };
        configure?.Invoke(options);
        var settings = RtpEndpointSettings.Parse(options, "test");
        var counters = new RtpCounters(_metrics, "radio");
        var ingress = new RtpIngress(settings, _switchboard, _codecs, _events, _time, counters, NullLogger.Instance);
        _switchboard.Attach(new InMemoryEndpoint(settings.Id, settings.Profile, capture: false), Group);
        return (ingress, counters);
    }

    public void Dispose()
    {
        _switchboard.Dispose();
        _metrics.Dispose();
    }
}

using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Ingress;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Transport;
using Gateway.Connectors.Rtp.Tests.Interop;
using Gateway.Connectors.Rtp.Tests.Support;
using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;
using Gateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Connectors.Rtp.Tests.Ingress;

/// <summary>The per-packet and per-frame paths allocate nothing once warm (GC.GetAllocatedBytesForCurrentThread).</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData("pcmu", 40)]
    [InlineData("opus", 40)]
    [InlineData("pcmu", 0)] // JitterMinMs = 0: frames are submitted on arrival (the receive thread's path)
    [InlineData("opus", 0)]
    public void IngressParseBufferPlayout_SteadyState_AllocatesNothing(string codec, int jitterMinMs)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var codecs = new CodecFactory();
        using var metrics = new GatewayMetrics();
        var events = new EventBus(metrics);
        using var switchboard = new Switchboard(codecs, events, metrics, time);
        var group = new TalkGroupId("A");
        switchboard.UpsertTalkGroup(TalkGroupSettings.Default(group));
        var settings = RtpEndpointSettings.Parse(new RtpEndpointOptions { Id = "radio", TalkGroup = "A", Listen = "127.0.0.1:40000", Codec = codec, JitterMinMs = jitterMinMs }, "test");
        switchboard.Attach(new InMemoryEndpoint(settings.Id, settings.Profile, capture: false), group);
        switchboard.Attach(new InMemoryEndpoint(new EndpointId("listener"), settings.Profile, capture: false), group);
        var counters = new RtpCounters(metrics, "radio");
        using var ingress = new RtpIngress(settings, switchboard, codecs, events, time, counters, NullLogger.Instance);
        var stream = ToneStream.Build(codecs, settings.Profile, settings.PayloadType, 2.0 + (SteadyStateAllocation.MaxWindows * 2.0), ssrc: 1);
        var next = 0;

        void Steps(int count)
        {
            for (var end = next + count; next < end; next++)
            {
                Step(next);
            }
        }

        void Step(int i)
        {
            var datagram = stream[i].Datagram;
            RtpPacketReader.TryRead(datagram, out var header, out _);
            ingress.OnPacket(header, header.Payload(datagram), out _);
            time.Advance(TimeSpan.FromMilliseconds(20));
            ingress.Tick();
        }

        Steps(100);
        var allocated = SteadyStateAllocation.QuietestWindow(() => Steps(100));
        Assert.True(counters.FramesSubmitted >= next * 3 / 4, $"{counters.FramesSubmitted} of {next} frames played");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task EgressDeliver_SteadyState_AllocatesNothing()
    {
        await using var gateway = new GatewayHarness("A");
        using var sink = new RtpCapture(FreePort.UdpPair());
        var endpoint = gateway.Add("out", "A", "opus", sink.Port);
        var pool = new MediaPacketPool();
        var packets = new MediaPacket[200];

        void Deliver(int first)
        {
            // Rented up front: the pool refills only as the loop sends, and its growth is not what is measured here.
            for (var i = 0; i < packets.Length; i++)
            {
                var packet = pool.Rent();
                packet.Profile = endpoint.EgressProfile;
                packet.PayloadBuffer[0] = 0x78;
                packet.PayloadLength = 80;
                packet.Flags = first + i == 0 ? FrameFlags.StartOfTransmission : FrameFlags.None;
                packets[i] = packet;
            }
        }

        for (var round = 0; round < 3; round++)
        {
            Deliver(round * 200);
            foreach (var packet in packets)
            {
                endpoint.Deliver(packet);
            }

            await FfmpegInteropTests.WaitUntilAsync(() => endpoint.GetStatistics().PacketsSent == (round + 1) * 200, TimeSpan.FromSeconds(10));
        }

        var delivered = 600;
        var allocated = SteadyStateAllocation.QuietestWindow(
            prepare: () =>
            {
                // As in the warm-up rounds: the previous window is sent before the next is queued.
                Assert.True(SpinWait.SpinUntil(() => endpoint.GetStatistics().PacketsSent == delivered, TimeSpan.FromSeconds(10)));
                Deliver(delivered);
            },
            window: () =>
            {
                foreach (var packet in packets)
                {
                    endpoint.Deliver(packet);
                }

                delivered += packets.Length;
            });

        // The caller only queues (the endpoint's receive loop sends): nothing allocated on the routing thread.
        Assert.Equal(0, allocated);
        await FfmpegInteropTests.WaitUntilAsync(() => sink.Count >= delivered, TimeSpan.FromSeconds(10));
        Assert.Equal(delivered, endpoint.GetStatistics().PacketsSent);
    }

    [Fact]
    public async Task QueuedSend_DrainOfOneFrameToManyEndpoints_SteadyStateAllocatesNothing()
    {
        // What a receive loop runs for each queued packet (queue, drain, packetise, send), driven on this thread so the
        // measurement is exact: one frame to 20 endpoints, 100 frames.
        await using var gateway = new GatewayHarness("A");
        using var sink = new RtpCapture(FreePort.UdpPair());
        var endpoints = Enumerable.Range(0, 20).Select(i => (IDeferredSender)gateway.Add("out" + i, "A", "opus", sink.Port)).ToList();
        var pool = new MediaPacketPool();
        var queue = new SendQueue();

        void Frame(int n)
        {
            var packet = pool.Rent();
            packet.Profile = CodecProfile.Opus();
            packet.PayloadBuffer[0] = 0x78;
            packet.PayloadLength = 80;
            packet.Flags = n == 0 ? FrameFlags.StartOfTransmission : FrameFlags.None;
            packet.AddReferences(endpoints.Count);
            foreach (var endpoint in endpoints)
            {
                queue.Add(endpoint, packet);
            }

            packet.Release();
            queue.Drain();
        }

        for (var n = 0; n < 100; n++)
        {
            Frame(n);
        }

        var frames = 100;
        var allocated = SteadyStateAllocation.QuietestWindow(() =>
        {
            for (var end = frames + 100; frames < end; frames++)
            {
                Frame(frames);
            }
        });

        Assert.Equal(0, allocated);
        Assert.All(endpoints, e => Assert.Equal(frames, ((RtpEndpoint)e).GetStatistics().PacketsSent));
        Assert.Equal(1, pool.Created); // the one packet went back to the pool after its 20th send, every frame
    }

    [Fact]
    public void Drain_PacketWaitedLongerThanMaxWait_IsDroppedNotSent()
    {
        var time = new FakeTimeProvider();
        var queue = new SendQueue(time);
        var pool = new MediaPacketPool();
        var sender = new RecordingSender();
        var late = pool.Rent();
        queue.Add(sender, late);
        time.Advance(SendQueue.MaxWait + TimeSpan.FromMilliseconds(1));
        var fresh = pool.Rent();
        queue.Add(sender, fresh);

        Assert.Equal(2, queue.Drain());
        Assert.Equal([late], sender.Dropped);
        Assert.Equal([fresh], sender.Sent);
    }

    private sealed class RecordingSender : IDeferredSender
    {
        public List<MediaPacket> Sent { get; } = [];

        public List<MediaPacket> Dropped { get; } = [];

        public void SendQueued(MediaPacket packet) => Sent.Add(packet);

        public void DropQueued(MediaPacket packet) => Dropped.Add(packet);
    }
}

using System.Net;
using System.Net.Sockets;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Tests.Interop;
using Gateway.Connectors.Rtp.Tests.Support;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Tests.Shared;
using Xunit.Abstractions;

namespace Gateway.Connectors.Rtp.Tests.Endpoint;

/// <summary>Live endpoints on loopback: fuzzing, socket faults, DTMF and RTCP against the real core.</summary>
public sealed class RtpEndpointLiveTests
{
    private readonly ITestOutputHelper _output;

    public RtpEndpointLiveTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Receive_100000RandomAndMutatedDatagrams_CountersAddUpAndValidAudioStillForwarded()
    {
        await using var gateway = new GatewayHarness("A");
        using var sink = new RtpCapture(FreePort.UdpPair());
        var ingress = gateway.Add("in", "A", "opus", configure: o => o.MaxPacketsPerSecond = 0);
        gateway.Add("out", "A", "opus", sink.Port);
        var target = GatewayHarness.Loopback(ingress.LocalEndPoint.Port);
        var valid = ToneStream.Build(gateway.Codecs, CodecProfile.Opus(), 111, 1.0, ssrc: 0xABCDEF01);

        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var random = new Random(3550);
            var buffer = new byte[1500];
            for (var i = 0; i < 100_000; i++)
            {
                int length;
                if (i % 2 == 0)
                {
                    length = random.Next(0, 400);
                    random.NextBytes(buffer.AsSpan(0, length));
                    if (length > 0 && i % 4 == 0)
                    {
                        buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // version 2: reach the deeper checks
                    }
                }
                else
                {
                    var source = valid[random.Next(valid.Count)].Datagram;
                    source.CopyTo(buffer, 0);
                    length = source.Length;
                    for (var flips = random.Next(1, 6); flips > 0; flips--)
                    {
                        buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                    }

                    if (random.Next(5) == 0)
                    {
                        length = random.Next(length + 1);
                    }
                }

                socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, target);
                if (i % 500 == 499)
                {
                    // Let the receive thread keep up so the kernel never drops: every datagram must be accounted for.
                    var sent = i + 1;
                    await FfmpegInteropTests.WaitUntilAsync(() => ingress.GetStatistics().DatagramsReceived >= sent, TimeSpan.FromSeconds(10));
                }
            }
        }

        var stats = ingress.GetStatistics();
        _output.WriteLine(FfmpegInteropTests.Describe(stats));
        Assert.Equal(100_000, stats.DatagramsReceived);
        Assert.Equal(stats.DatagramsReceived, stats.Accepted + stats.Held + stats.RtcpPackets + stats.DroppedTotal);
        Assert.True(stats.Drops.Count >= 5, "the fuzz should hit many distinct drop reasons");
        Assert.Equal(0, stats.SocketRestarts);
        Assert.False(ingress.IsDegraded);

        // Afterwards a well-behaved stream is still forwarded.
        try
        {
            await FfmpegInteropTests.WaitUntilAsync(() => ingress.Ingress.Phase == Rtp.Ingress.SpurtPhase.Idle, TimeSpan.FromSeconds(15));
        }
        finally
        {
            _output.WriteLine($"after the fuzz: phase {ingress.Ingress.Phase}; floor {gateway.Switchboard.GetFloorStatus(new Core.Identity.TalkGroupId("A"))}; sink {sink.Count}; {FfmpegInteropTests.Describe(ingress.GetStatistics())}");
        }

        var before = sink.Count;
        var talker = ToneStream.Build(gateway.Codecs, CodecProfile.Opus(), 111, 1.0, ssrc: 0x5EED5EED, firstSequence: 40000);
        PacedSender.Send(target, talker);
        try
        {
            await FfmpegInteropTests.WaitUntilAsync(() => sink.Count - before >= talker.Count - 5, TimeSpan.FromSeconds(10));
        }
        finally
        {
            _output.WriteLine($"after: sink {sink.Count - before}, phase {ingress.Ingress.Phase}, {FfmpegInteropTests.Describe(ingress.GetStatistics())}; floor {gateway.Switchboard.GetFloorStatus(new Core.Identity.TalkGroupId("A"))}");
        }
        var forwarded = sink.Packets.Skip(before).ToList();
        using var decoder = gateway.Codecs.CreateDecoder(CodecProfile.Opus());
        var pcm = new float[forwarded.Count * 960];
        var n = 0;
        foreach (var packet in forwarded)
        {
            n += decoder.Decode(packet.Payload, pcm.AsSpan(n));
        }

        var tone = ToneAnalysis.Measure(pcm.AsSpan(0, n), 48_000);
        Assert.InRange(tone.FrequencyHz, 990, 1010);
    }

    [Fact]
    public async Task ReceiveLoop_SocketFault_RestartsSocketMarksDegradedThenRecovers()
    {
        await using var gateway = new GatewayHarness("A");
        using var sink = new RtpCapture(FreePort.UdpPair());
        var ingress = gateway.Add("in", "A", "pcmu");
        gateway.Add("out", "A", "pcmu", sink.Port);
        var states = new List<HealthState>();
        gateway.Health.Changed += h =>
        {
            if (h.Component == "rtp:in")
            {
                lock (states)
                {
                    states.Add(h.State);
                }
            }
        };

        // Pull the socket out from under the receive thread: the loop must treat it as a fault, not a shutdown.
        ingress.RtpChannel.Socket.Dispose();
        await FfmpegInteropTests.WaitUntilAsync(() => ingress.GetStatistics().SocketRestarts == 1, TimeSpan.FromSeconds(15));
        Assert.True(ingress.IsDegraded);
        Assert.Equal(HealthState.Degraded, gateway.Health.Snapshot()["rtp:in"].State);

        var stream = ToneStream.Build(gateway.Codecs, CodecProfile.Pcmu, 0, 0.6, ssrc: 77);
        await FfmpegInteropTests.WaitUntilAsync(() => ingress.RtpChannel.Socket.SafeHandle is { IsClosed: false }, TimeSpan.FromSeconds(15));
        PacedSender.Send(GatewayHarness.Loopback(ingress.LocalEndPoint.Port), stream);
        await FfmpegInteropTests.WaitUntilAsync(() => sink.Count >= stream.Count - 2, TimeSpan.FromSeconds(15));
        Assert.False(ingress.IsDegraded);
        Assert.Equal(HealthState.Healthy, gateway.Health.Snapshot()["rtp:in"].State);
        lock (states)
        {
            Assert.Contains(HealthState.Degraded, states);
        }
    }

    [Fact]
    public async Task Receive_Rfc4733Digits_PublishedOnceEachAsDtmfSignals()
    {
        await using var gateway = new GatewayHarness("A");
        using var subscription = gateway.Events.Subscribe("test", filter: e => e is SignalReceived);
        var endpoint = gateway.Add("in", "A", "pcmu");
        var target = GatewayHarness.Loopback(endpoint.LocalEndPoint.Port);
        var schedule = new List<(double, byte[])>();
        ushort seq = 10;
        var at = 0.0;
        foreach (var (code, ts) in new[] { ((byte)1, 16000u), ((byte)11, 24000u) })
        {
            for (var k = 0; k < 6; k++)
            {
                var end = k >= 3;
                var payload = new byte[4];
                new TelephoneEvent(code, end, 10, (ushort)((k + 1) * 400)).Write(payload);
                var packet = new byte[16];
                RtpPacketWriter.Write(packet, k == 0, 101, seq++, ts, 5555, payload);
                schedule.Add((at, packet));
                at += 20;
            }
        }

        PacedSender.Send(target, schedule);
        var digits = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (digits.Count < 2)
        {
            var e = (SignalReceived)await subscription.Reader.ReadAsync(cts.Token);
            Assert.Equal(SignalKind.Dtmf, e.Kind);
            Assert.Equal("in", e.Endpoint.Value);
            digits.Add(e.Value);
        }

        Assert.Equal(["1", "#"], digits);
        // Once every datagram has been received the repeated end packets have been handled: no further signal may follow.
        await FfmpegInteropTests.WaitUntilAsync(() => endpoint.GetStatistics().DatagramsReceived == schedule.Count, TimeSpan.FromSeconds(5));
        Assert.False(subscription.Reader.TryRead(out _), "each digit must be reported once although its end packet came three times");
        Assert.Equal(2, endpoint.GetStatistics().DtmfDigitsReceived);
    }

    [Fact]
    public async Task SendDtmf_Digits_PeerReceivesRfc4733EventsWithMarkerAndTripleEnd()
    {
        await using var gateway = new GatewayHarness("A");
        using var sink = new RtpCapture(FreePort.UdpPair());
        var endpoint = gateway.Add("out", "A", "opus", sink.Port);

        await endpoint.SendDtmfAsync("5*", digitMs: 100);
        await FfmpegInteropTests.WaitUntilAsync(() => sink.Count >= 10, TimeSpan.FromSeconds(15));

        var events = sink.Packets.Where(p => p.Header.PayloadType == 101).ToList();
        var digits = events
            .Select(p => (p.Header, Ok: TelephoneEvent.TryRead(p.Payload, out var e), Event: e))
            .Where(x => x.Ok && x.Event.End)
            .GroupBy(x => x.Header.Timestamp)
            .Select(g => (Digit: TelephoneEvent.ToDigit(g.First().Event.Event), Ends: g.Count(), Duration: g.First().Event.Duration))
            .ToList();
        Assert.Equal([('5', 3), ('*', 3)], digits.Select(d => (d.Digit, d.Ends)));
        Assert.All(digits, d => Assert.Equal(4800, d.Duration)); // 100 ms at the 48 kHz Opus clock
        Assert.Equal(2, events.Count(p => p.Header.Marker));
        Assert.All(events, p => Assert.Equal(endpoint.Ssrc, p.Header.Ssrc));
    }
}

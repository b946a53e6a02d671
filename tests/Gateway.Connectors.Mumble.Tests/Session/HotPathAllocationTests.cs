using System.Buffers;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Connectors.Mumble.Session;
using Gateway.Connectors.Mumble.Tests.Support;
using Gateway.Core.Endpoints;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Mumble.Tests.Session;

/// <summary>Per-packet paths allocate nothing once warmed up (GC.GetAllocatedBytesForCurrentThread).</summary>
public sealed class HotPathAllocationTests
{
    [Fact]
    public void IngressOnVoicePacket_SteadyState_AllocatesNothing()
    {
        using var rig = new SessionRig(TimeProvider.System);
        var endpoint = new EndpointId("mumble:alloc");
        var self = new InMemoryEndpoint(endpoint, CodecProfile.Opus(), capture: false, kind: EndpointKind.Mumble);
        var listener = new InMemoryEndpoint(new EndpointId("listener"), CodecProfile.Pcm48k, capture: false);
        rig.Switchboard.Attach(self, SessionRig.Group);
        rig.Switchboard.Attach(listener, SessionRig.Group);
        rig.Switchboard.SetEndpointOnline(self.Id, true, "test");
        rig.Switchboard.SetEndpointOnline(listener.Id, true, "test");
        var talker = new Talker(endpoint, null, "user5");
        using var ingress = new MumbleVoiceIngress(
            rig.Switchboard, endpoint, SessionRig.Group, Priority.Normal, rig.Codecs, CodecProfile.Opus(), _ => talker, TimeProvider.System, TimeSpan.FromMinutes(1));
        using var encoder = rig.Codecs.CreateEncoder(CodecProfile.Opus());
        var opus = new byte[AudioFormat.MaxPacketBytes];
        var opusLength = encoder.Encode(Tone.Frame(500, 0), opus);
        var packets = Enumerable.Range(0, 100 + (SteadyStateAllocation.MaxWindows * 200)).Select(i =>
        {
            var buffer = new byte[256];
            var length = VoicePacketCodec.WriteServer(buffer, 5, i * 2L, opus.AsSpan(0, opusLength), terminator: false);
            return buffer[..length];
        }).ToArray();

        var next = 0;
        void Packets(int count)
        {
            for (var end = next + count; next < end; next++)
            {
                ingress.OnVoicePacket(packets[next]);
            }
        }

        Packets(100);
        var allocated = SteadyStateAllocation.QuietestWindow(() => Packets(200));

        Assert.Equal(next, listener.Delivered);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void FrameReaderAndVoiceCodec_SteadyState_AllocateNothing()
    {
        var stream = new byte[64 * 1000];
        var offset = 0;
        Span<byte> voice = stackalloc byte[128];
        for (var i = 0; i < 1000; i++)
        {
            var length = VoicePacketCodec.WriteServer(voice, 9, i * 2L, new byte[40], i % 50 == 49);
            offset += MumbleFrameWriter.WriteRaw(stream.AsSpan(offset), MumbleMessageType.UdpTunnel, voice[..length]);
        }

        var reader = new MumbleFrameReader();
        var count = 0;
        long sum = 0;
        var allocated = SteadyStateAllocation.QuietestWindow(() =>
        {
            var sequence = new ReadOnlySequence<byte>(stream, 0, offset);
            count = 0;
            while (reader.TryRead(ref sequence, out var frame))
            {
                Assert.True(VoicePacketCodec.TryRead(frame.Payload.FirstSpan, fromServer: true, out var packet));
                sum += packet.Sequence + packet.Opus.Length;
                count++;
            }
        });

        Assert.Equal(1000, count);
        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }
}

using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Protocol;

public sealed class ProtocolFuzzTests
{
    [Fact]
    public void Parsers_100000RandomAndMutatedPackets_NeverThrowAndStayInBounds()
    {
        var random = new Random(4733);
        var valid = new byte[300];
        var validLength = RtpPacketWriter.Write(valid, true, 111, 1, 960, 77, new byte[120], [1, 2], 0xBEDE, new byte[8], 4);
        var rtcp = new byte[200];
        var rtcpLength = RtcpWriter.WriteSenderReport(rtcp, 1, new RtcpSenderInfo(1, 2, 3, 4), [new RtcpReportBlock(1, 2, 3, 4, 5, 6, 7)]);
        rtcpLength += RtcpWriter.WriteSdesCname(rtcp.AsSpan(rtcpLength), 1, "x@y"u8);
        var tracker = new RtpSequenceTracker();
        var buffer = new byte[1500];
        int accepted = 0, rejected = 0;

        for (var i = 0; i < 100_000; i++)
        {
            int length;
            if (i % 3 == 0)
            {
                length = random.Next(0, 200);
                random.NextBytes(buffer.AsSpan(0, length));
                buffer[0] = (byte)((buffer[0] & 0x3F) | (i % 2 == 0 ? 0x80 : buffer[0] & 0xC0));
            }
            else
            {
                var source = i % 3 == 1 ? valid.AsSpan(0, validLength) : rtcp.AsSpan(0, rtcpLength);
                source.CopyTo(buffer);
                length = source.Length;
                for (var flips = random.Next(1, 5); flips > 0; flips--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }

                if (random.Next(4) == 0)
                {
                    length = random.Next(length + 1);
                }
            }

            var datagram = buffer.AsSpan(0, length);
            if (RtpPacketReader.TryRead(datagram, out var header, out var reason))
            {
                accepted++;
                Assert.InRange(header.PayloadOffset + header.PayloadLength, 0, length);
                _ = header.Payload(datagram);
                _ = OpusPayload.GetSamples(header.Payload(datagram));
                _ = TelephoneEvent.TryRead(header.Payload(datagram), out _);
                tracker.Update(header.SequenceNumber);
            }
            else
            {
                rejected++;
                Assert.NotEqual(RtpDropReason.None, reason);
            }

            var reader = new RtcpCompoundReader(datagram);
            while (reader.TryReadNext(out var p))
            {
                p.TryGetSenderInfo(out _);
                for (var b = 0; b < p.ReportBlockCount; b++)
                {
                    _ = p.GetReportBlock(b);
                }

                p.TryGetCname(out _, out _);
                p.ByeContains(1);
            }
        }

        Assert.Equal(100_000, accepted + rejected);
        Assert.True(accepted > 1000 && rejected > 1000, $"accepted {accepted}, rejected {rejected}: the mutations should exercise both paths");
    }
}

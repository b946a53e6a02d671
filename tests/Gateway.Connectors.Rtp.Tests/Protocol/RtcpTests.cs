using System.Text;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Protocol;

public sealed class RtcpTests
{
    [Fact]
    public void Compound_SenderReportSdesBye_RoundTrips()
    {
        var buffer = new byte[256];
        var info = new RtcpSenderInfo(0x1122334455667788, 9600, 50, 7500);
        RtcpReportBlock[] blocks = [new(0xCAFEBABE, 64, -3, 70000, 123, 0x33445566, 65536)];
        var n = RtcpWriter.WriteSenderReport(buffer, 42, info, blocks);
        n += RtcpWriter.WriteSdesCname(buffer.AsSpan(n), 42, "gw@host"u8);
        n += RtcpWriter.WriteBye(buffer.AsSpan(n), 42);

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out var sr));
        Assert.Equal((byte)RtcpPacketType.SenderReport, sr.PacketType);
        Assert.Equal(42u, sr.SenderSsrc);
        Assert.True(sr.TryGetSenderInfo(out var readInfo));
        Assert.Equal(info, readInfo);
        Assert.Equal(1, sr.ReportBlockCount);
        Assert.Equal(blocks[0], sr.GetReportBlock(0));

        Assert.True(reader.TryReadNext(out var sdes));
        Assert.True(sdes.TryGetCname(out var ssrc, out var cname));
        Assert.Equal(42u, ssrc);
        Assert.Equal("gw@host", Encoding.ASCII.GetString(cname));

        Assert.True(reader.TryReadNext(out var bye));
        Assert.True(bye.ByeContains(42));
        Assert.False(bye.ByeContains(43));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtpDropReason.None, reader.Error);
    }

    [Fact]
    public void Reader_BareFfmpegSenderReport_Accepted()
    {
        // 28-byte SR without SDES, as ffmpeg sends at stream start (protocols-ip.md B6).
        byte[] sr = [0x80, 200, 0, 6, 0x12, 0x34, 0x56, 0x78, 0xE9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        var reader = new RtcpCompoundReader(sr);
        Assert.True(reader.TryReadNext(out var p));
        Assert.True(p.TryGetSenderInfo(out var info));
        Assert.Equal(0x1000u, info.RtpTimestamp);
        Assert.Equal(0, p.ReportBlockCount);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtpDropReason.None, reader.Error);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 201 })]
    [InlineData(new byte[] { 0x40, 201, 0, 1, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0x80, 201, 0, 9, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0xA0, 201, 0, 1, 0, 0, 0, 9 })]
    public void Reader_Malformed_ReportsBadRtcp(byte[] datagram)
    {
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryReadNext(out _))
        {
        }

        Assert.Equal(RtpDropReason.BadRtcp, reader.Error);
    }

    [Fact]
    public void ReceiverReport_ClaimsMoreBlocksThanPresent_OnlyPresentOnesRead()
    {
        var buffer = new byte[64];
        var n = RtcpWriter.WriteReceiverReport(buffer, 7, [new RtcpReportBlock(1, 0, 0, 0, 0, 0, 0)]);
        buffer[0] = 0x80 | 5; // claim five blocks

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out var rr));
        Assert.Equal(1, rr.ReportBlockCount);
    }

    [Fact]
    public void RoundTrip_FromLsrAndDlsr_ComputesDelay()
    {
        // SR sent at 1000.0 s, peer held it 0.25 s, answer arrived at 1000.5 s: RTT 0.25 s.
        var rtt = NtpTime.RoundTrip(1000u * 65536 + 32768, 1000u * 65536, 16384);
        Assert.Equal(TimeSpan.FromMilliseconds(250), rtt);
        Assert.Null(NtpTime.RoundTrip(5, 0, 0));
    }

    [Fact]
    public void NtpTime_UnixEpoch_Is2208988800Seconds()
    {
        var ntp = NtpTime.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddSeconds(1.5));
        Assert.Equal(2_208_988_801UL, ntp >> 32);
        Assert.Equal(0x8000_0000UL, ntp & 0xFFFF_FFFF);
    }
}

using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Protocol;

public sealed class RtpPacketReaderTests
{
    [Fact]
    public void TryRead_PlainPacket_ReadsEveryField()
    {
        // A packet as ffmpeg sends it (protocols-ip.md B6): V=2, M=1, PT 111, TOC 0x78 first payload byte.
        byte[] packet = [0x80, 0xEF, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x12, 0x34, 0x56, 0x78, 0x78, 0xAA, 0xBB];

        Assert.True(RtpPacketReader.TryRead(packet, out var h, out var reason));

        Assert.Equal(RtpDropReason.None, reason);
        Assert.True(h.Marker);
        Assert.Equal(111, h.PayloadType);
        Assert.Equal(0x1234, h.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, h.Timestamp);
        Assert.Equal(305419896u, h.Ssrc);
        Assert.Equal(new byte[] { 0x78, 0xAA, 0xBB }, h.Payload(packet).ToArray());
    }

    [Fact]
    public void Write_WithCsrcExtensionAndPadding_RoundTrips()
    {
        var buffer = new byte[200];
        byte[] payload = [1, 2, 3, 4, 5];
        byte[] extension = [9, 9, 9, 9, 8, 8, 8, 8];
        uint[] csrcs = [0x11111111, 0x22222222];

        var length = RtpPacketWriter.Write(buffer, false, 8, 65535, 160, 42, payload, csrcs, 0xBEDE, extension, 3);

        Assert.Equal(RtpPacketWriter.Size(payload.Length, 2, extension.Length, 3), length);
        Assert.True(RtpPacketReader.TryRead(buffer.AsSpan(0, length), out var h, out _));
        Assert.False(h.Marker);
        Assert.Equal(8, h.PayloadType);
        Assert.Equal(65535, h.SequenceNumber);
        Assert.Equal(2, h.CsrcCount);
        Assert.Equal(0x22222222u, h.Csrc(buffer, 1));
        Assert.True(h.HasExtension);
        Assert.Equal(0xBEDE, h.ExtensionProfile);
        Assert.Equal(extension, h.Extension(buffer).ToArray());
        Assert.Equal(3, h.PaddingLength);
        Assert.Equal(payload, h.Payload(buffer.AsSpan(0, length)).ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0 }, RtpDropReason.TruncatedHeader)]
    [InlineData(new byte[] { }, RtpDropReason.TruncatedHeader)]
    [InlineData(new byte[] { 0x40, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF }, RtpDropReason.BadVersion)]
    [InlineData(new byte[] { 0xC0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF }, RtpDropReason.BadVersion)]
    [InlineData(new byte[] { 0x82, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4 }, RtpDropReason.CsrcBeyondLength)]
    [InlineData(new byte[] { 0x8F, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, RtpDropReason.CsrcBeyondLength)]
    [InlineData(new byte[] { 0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE }, RtpDropReason.ExtensionHeaderTruncated)]
    [InlineData(new byte[] { 0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0, 2, 1, 2, 3, 4 }, RtpDropReason.ExtensionBeyondLength)]
    [InlineData(new byte[] { 0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0xFF, 0xFF }, RtpDropReason.ExtensionBeyondLength)]
    [InlineData(new byte[] { 0xA0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 0 }, RtpDropReason.BadPadding)]
    [InlineData(new byte[] { 0xA0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 4 }, RtpDropReason.BadPadding)]
    [InlineData(new byte[] { 0xA0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, RtpDropReason.BadPadding)]
    public void TryRead_Malformed_ReturnsFalseWithReason(byte[] packet, RtpDropReason expected)
    {
        Assert.False(RtpPacketReader.TryRead(packet, out _, out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void TryRead_PaddingCoveringWholePayload_IsValidWithEmptyPayload()
    {
        byte[] packet = [0xA0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 3];

        Assert.True(RtpPacketReader.TryRead(packet, out var h, out _));
        Assert.Equal(0, h.PayloadLength);
    }

    [Fact]
    public void IsRtcp_SenderReportByte_True_OpusPacket_False()
    {
        Assert.True(RtpPacketReader.IsRtcp([0x80, 200, 0, 6]));
        Assert.False(RtpPacketReader.IsRtcp([0x80, 0xEF, 0, 6]));
    }

    [Fact]
    public void Write_DestinationTooSmall_ThrowsNamingSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => RtpPacketWriter.Write(new byte[10], false, 0, 0, 0, 1, new byte[4]));
        Assert.Contains("16", ex.Message, StringComparison.Ordinal);
    }
}

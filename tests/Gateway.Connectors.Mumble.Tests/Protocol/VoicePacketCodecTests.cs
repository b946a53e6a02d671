using Gateway.Connectors.Mumble.Protocol;

namespace Gateway.Connectors.Mumble.Tests.Protocol;

public sealed class VoicePacketCodecTests
{
    [Fact]
    public void WriteClient_DocumentedExample_MatchesBytes()
    {
        Span<byte> buffer = stackalloc byte[64];
        var written = VoicePacketCodec.WriteClient(buffer, 2, Convert.FromHexString("78aabb"), terminator: false);

        Assert.Equal("800203" + "78aabb", Convert.ToHexStringLower(buffer[..written]));
    }

    [Fact]
    public void WriteClient_TerminatorSeq300_MatchesDocumentedHeader()
    {
        var opus = new byte[200];
        Span<byte> buffer = stackalloc byte[256];
        var written = VoicePacketCodec.WriteClient(buffer, 300, opus, terminator: true);

        Assert.Equal("80812ca0c8", Convert.ToHexStringLower(buffer[..5]));
        Assert.Equal(205, written);
        Assert.Equal(written, VoicePacketCodec.GetClientLength(300, 200));
    }

    [Fact]
    public void TryRead_ServerLayout_ReturnsSessionSequenceOpusAndTerminator()
    {
        var opus = new byte[] { 0x78, 1, 2, 3, 4 };
        var buffer = new byte[64];
        var written = VoicePacketCodec.WriteServer(buffer, session: 42, sequence: 1000, opus, terminator: true);

        Assert.True(VoicePacketCodec.TryRead(buffer.AsSpan(0, written), fromServer: true, out var packet));
        Assert.Equal(VoiceCodec.Opus, packet.Codec);
        Assert.Equal(42u, packet.Session);
        Assert.Equal(1000, packet.Sequence);
        Assert.True(packet.Terminator);
        Assert.Equal(opus, packet.Opus.ToArray());
    }

    [Fact]
    public void TryRead_ClientLayoutWithPositionTrailer_IgnoresTrailer()
    {
        var bytes = Convert.FromHexString("80020378aabb" + "000000000000000000000000");

        Assert.True(VoicePacketCodec.TryRead(bytes, fromServer: false, out var packet));
        Assert.Equal(2, packet.Sequence);
        Assert.False(packet.Terminator);
        Assert.Equal("78aabb", Convert.ToHexStringLower(packet.Opus));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("8002")]
    [InlineData("80020578aabb")]
    [InlineData("8081")]
    [InlineData("20")]
    public void TryRead_MalformedClientPacket_ReturnsFalse(string hex)
    {
        Assert.False(VoicePacketCodec.TryRead(Convert.FromHexString(hex), fromServer: false, out _));
    }

    [Fact]
    public void TryRead_EveryTruncationOfServerPacket_NeverThrows()
    {
        var buffer = new byte[64];
        var written = VoicePacketCodec.WriteServer(buffer, 7, 300, new byte[20], terminator: false);
        for (var length = 0; length < written; length++)
        {
            Assert.False(VoicePacketCodec.TryRead(buffer.AsSpan(0, length), fromServer: true, out _));
        }
    }

    [Fact]
    public void TryRead_SpeexPacket_ParsesWithEmptyOpus()
    {
        Assert.True(VoicePacketCodec.TryRead(Convert.FromHexString("4005020a"), fromServer: true, out var packet));
        Assert.Equal(VoiceCodec.Speex, packet.Codec);
        Assert.True(packet.Opus.IsEmpty);
    }
}

using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Protocol;

public sealed class PayloadTests
{
    [Theory]
    [InlineData(new byte[] { 0x78, 1, 2 }, 960)] // hybrid FB 20 ms, one frame (ffmpeg's first TOC)
    [InlineData(new byte[] { 0xF8, 1 }, 960)] // CELT FB 20 ms
    [InlineData(new byte[] { 0x79, 1 }, 1920)] // two 20 ms frames
    [InlineData(new byte[] { 0x0B, 0x03 }, 2880)] // SILK 20 ms, code 3 with 3 frames = 60 ms
    [InlineData(new byte[] { 0x1B, 0x03 }, -1)] // SILK 60 ms x 3 = 180 ms > 120 ms
    [InlineData(new byte[] { 0x7B, 0x00 }, -1)] // code 3 with zero frames
    [InlineData(new byte[] { 0x7B }, -1)] // code 3 without the count byte
    [InlineData(new byte[] { }, -1)]
    public void OpusGetSamples_Toc_ReturnsDuration(byte[] payload, int expected)
    {
        Assert.Equal(expected, OpusPayload.GetSamples(payload));
    }

    [Fact]
    public void G711GetSamples48k_20msPacket_Is960()
    {
        Assert.Equal(960, G711Payload.GetSamples48k(new byte[160]));
        Assert.Equal(-1, G711Payload.GetSamples48k([]));
        Assert.Equal(-1, G711Payload.GetSamples48k(new byte[1601]));
    }

    [Fact]
    public void TelephoneEvent_RoundTrip_PreservesFields()
    {
        var buffer = new byte[4];
        new TelephoneEvent(11, true, 10, 1600).Write(buffer);

        Assert.Equal(new byte[] { 11, 0x8A, 0x06, 0x40 }, buffer);
        Assert.True(TelephoneEvent.TryRead(buffer, out var e));
        Assert.Equal(new TelephoneEvent(11, true, 10, 1600), e);
        Assert.False(TelephoneEvent.TryRead(new byte[3], out _));
        Assert.False(TelephoneEvent.TryRead(new byte[6], out _));
    }

    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('A', 12)]
    [InlineData('d', 15)]
    [InlineData('x', -1)]
    public void TelephoneEvent_DigitMapping_BothWays(char digit, int code)
    {
        Assert.Equal(code, TelephoneEvent.FromDigit(digit));
        if (code >= 0)
        {
            Assert.Equal(char.ToUpperInvariant(digit), TelephoneEvent.ToDigit((byte)code));
        }
    }
}

using Gateway.Connectors.Serial.Protocol;

namespace Gateway.Connectors.Serial.Tests.Protocol;

public sealed class CivReaderTests
{
    private static readonly byte[] PttOn = [0xFE, 0xFE, 0x94, 0xE0, 0x1C, 0x00, 0x01, 0xFD];
    private static readonly byte[] Ack = [0xFE, 0xFE, 0xE0, 0x94, 0xFB, 0xFD];
    private static readonly byte[] SquelchOpen = [0xFE, 0xFE, 0xE0, 0x94, 0x15, 0x01, 0x01, 0xFD];

    [Fact]
    public void TryRead_EchoThenAckThenStatus_ReadsAllThree()
    {
        var frames = ReadAll([.. PttOn, .. Ack, .. SquelchOpen]);
        Assert.Equal(3, frames.Count);
        Assert.Equal(0xE0, frames[0].From); // our own frame echoed by the one-wire bus
        Assert.True(frames[1].IsAck);
        Assert.True(CivStatus.TryParseSquelchOpen(frames[2], out var open));
        Assert.True(open);
    }

    [Fact]
    public void TryRead_EverySplitPoint_SameFrames()
    {
        byte[] stream = [0x00, .. PttOn, .. Ack, 0xFE, 0xFE, 0xFE, 0xE0, 0x94, 0xFA, 0xFD, .. SquelchOpen];
        var expected = ReadAll(stream).Select(f => f.ToString()).ToList();
        Assert.Equal(4, expected.Count);

        for (var split = 0; split <= stream.Length; split++)
        {
            var buffer = new CatByteBuffer();
            var got = new List<string>();
            buffer.Append(stream.AsSpan(0, split));
            Drain(buffer, got);
            buffer.Append(stream.AsSpan(split));
            Drain(buffer, got);
            Assert.Equal(expected, got);
        }
    }

    [Fact]
    public void TryRead_FrameCutByNewPreamble_DropsTheCutFrameKeepsTheNext()
    {
        byte[] input = [0xFE, 0xFE, 0x94, 0xE0, 0x1C, .. Ack];
        var frames = ReadAll(input, out var malformed);
        Assert.Single(frames);
        Assert.True(frames[0].IsAck);
        Assert.Equal(1, malformed);
    }

    [Fact]
    public void TryRead_JammedFrame_Malformed()
    {
        byte[] input = [0xFE, 0xFE, 0x94, 0xFC, 0xFC, 0xFD, .. Ack];
        var frames = ReadAll(input, out var malformed);
        Assert.True(malformed >= 1);
        Assert.Single(frames);
    }

    [Theory]
    [InlineData(new byte[] { 0xFE, 0xFE, 0x94, 0xE0, 0xFD })] // no command
    [InlineData(new byte[] { 0xFE, 0x01 })] // single preamble byte
    [InlineData(new byte[] { 0x12, 0x34 })] // noise
    public void TryRead_Malformed_ConsumesAndNeverThrows(byte[] input)
    {
        var frames = ReadAll(input, out var malformed);
        Assert.Empty(frames);
        Assert.True(malformed >= 1);
    }

    [Fact]
    public void TryRead_NoEndOfMessageWithinLimit_Malformed()
    {
        var input = new byte[CivProtocol.MaxFrameLength + 4];
        input[0] = 0xFE;
        input[1] = 0xFE;
        Array.Fill(input, (byte)0x11, 2, input.Length - 2);
        Assert.Equal(CatReadStatus.Malformed, CivReader.TryRead(input, out _, out var consumed));
        Assert.Equal(CivProtocol.MaxFrameLength, consumed);
    }

    [Fact]
    public void Write_PttOnAndQuery_ExactBytes()
    {
        var buffer = new byte[16];
        var n = CivWriter.WritePtt(buffer, 0x94, CivProtocol.ControllerAddress, transmit: true);
        Assert.Equal(PttOn, buffer[..n]);
        n = CivWriter.WriteSquelchQuery(buffer, 0x94, 0xE0);
        Assert.Equal(new byte[] { 0xFE, 0xFE, 0x94, 0xE0, 0x15, 0x01, 0xFD }, buffer[..n]);
        Assert.Throws<ArgumentException>(() => CivWriter.Write(buffer, 0x94, 0xE0, 0x05, [0xFD]));
    }

    [Theory]
    [InlineData("94", 0x94)]
    [InlineData("0x88", 0x88)]
    [InlineData("a4h", 0xA4)]
    public void TryParseAddress_HexForms_Parsed(string text, int expected)
    {
        Assert.True(CivStatus.TryParseAddress(text, out var address));
        Assert.Equal(expected, address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("FE")]
    [InlineData("100")]
    public void TryParseAddress_Invalid_False(string text) => Assert.False(CivStatus.TryParseAddress(text, out _));

    private static List<CivFrame> ReadAll(byte[] input) => ReadAll(input, out _);

    private static List<CivFrame> ReadAll(byte[] input, out int malformed)
    {
        var buffer = new CatByteBuffer();
        buffer.Append(input);
        var list = new List<CivFrame>();
        malformed = 0;
        while (true)
        {
            var status = CivReader.TryRead(buffer.Data, out var frame, out var consumed);
            if (status == CatReadStatus.Incomplete)
            {
                if (buffer.Data.Length > 0)
                {
                    malformed++; // a trailing fragment that never completes
                }

                return list;
            }

            if (status == CatReadStatus.Message)
            {
                list.Add(frame!);
            }
            else
            {
                malformed++;
            }

            buffer.Consume(consumed);
        }
    }

    private static void Drain(CatByteBuffer buffer, List<string> got)
    {
        while (true)
        {
            var status = CivReader.TryRead(buffer.Data, out var frame, out var consumed);
            if (status == CatReadStatus.Incomplete)
            {
                return;
            }

            if (status == CatReadStatus.Message)
            {
                got.Add(frame!.ToString());
            }

            buffer.Consume(consumed);
        }
    }
}

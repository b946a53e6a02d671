using System.Text;
using Gateway.Connectors.Serial.Protocol;

namespace Gateway.Connectors.Serial.Tests.Protocol;

public sealed class KenwoodReaderTests
{
    // A TS-590-style IF answer: 11-digit frequency, 5 spaces, RIT, flags, memory channel, TX digit at byte 28.
    private const string InfoReceive = "IF00014250000     +00000000002000000;";
    private const string InfoTransmit = "IF00014250000     +00000000012000000;";

    [Fact]
    public void TryRead_StreamOfAnswers_ReadsEachInOrder()
    {
        var messages = ReadAll("BY1;BY10;?;" + InfoTransmit);
        Assert.Equal(["BY1;", "BY10;", "?;", InfoTransmit], messages.Select(m => m.ToString()));
        Assert.True(messages[2].IsError);
    }

    [Fact]
    public void TryRead_EverySplitPoint_SameMessages()
    {
        var stream = Encoding.ASCII.GetBytes("AI0;BY0;\r\nBY1;" + InfoReceive + "E;RX;");
        var expected = ReadAll(Encoding.ASCII.GetString(stream)).Select(m => m.ToString()).ToList();
        Assert.Equal(6, expected.Count);

        for (var split = 0; split <= stream.Length; split++)
        {
            var buffer = new CatByteBuffer();
            var got = new List<string>();
            buffer.Append(stream.AsSpan(0, split));
            Drain(buffer, got);
            buffer.Append(stream.AsSpan(split));
            Drain(buffer, got);
            Assert.Equal(expected, got);
            Assert.Equal(0, buffer.Data.Length);
        }
    }

    [Fact]
    public void TryRead_PartialMessage_IncompleteConsumesNothing()
    {
        Assert.Equal(CatReadStatus.Incomplete, KenwoodReader.TryRead("BY"u8, out _, out var consumed));
        Assert.Equal(0, consumed);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'B', 0xFE, (byte)'Y', (byte)';' }, 2)]
    [InlineData(new byte[] { (byte)'b', (byte)'y', (byte)';' }, 3)]
    [InlineData(new byte[] { (byte)'X', (byte)';' }, 2)]
    [InlineData(new byte[] { (byte)';' }, 1)]
    public void TryRead_MalformedInput_SkipsBadBytesThenRecovers(byte[] bad, int expectedSkip)
    {
        var input = bad.Concat("BY1;"u8.ToArray()).ToArray();
        Assert.Equal(CatReadStatus.Malformed, KenwoodReader.TryRead(input, out _, out var consumed));
        Assert.Equal(expectedSkip, consumed);

        var rest = ReadAll(Encoding.ASCII.GetString(input.AsSpan(consumed)));
        Assert.Contains(rest, m => m.ToString() == "BY1;");
    }

    [Fact]
    public void TryRead_OverlongWithoutTerminator_Malformed()
    {
        var junk = Encoding.ASCII.GetBytes(new string('A', KenwoodReader.MaxMessageLength + 5));
        Assert.Equal(CatReadStatus.Malformed, KenwoodReader.TryRead(junk, out _, out var consumed));
        Assert.Equal(KenwoodReader.MaxMessageLength + 1, consumed);
    }

    [Theory]
    [InlineData("BY0;", false)]
    [InlineData("BY1;", true)]
    [InlineData("BY10;", true)]
    [InlineData("BY01;", false)]
    public void TryParseBusy_Answers_MainReceiverState(string text, bool expected)
    {
        var message = ReadAll(text).Single();
        Assert.True(KenwoodStatus.TryParseBusy(message, out var busy));
        Assert.Equal(expected, busy);
    }

    [Fact]
    public void TryParseTransmitting_InformationAnswer_ReadsByte28()
    {
        Assert.True(KenwoodStatus.TryParseTransmitting(ReadAll(InfoTransmit).Single(), out var tx));
        Assert.True(tx);
        Assert.True(KenwoodStatus.TryParseTransmitting(ReadAll(InfoReceive).Single(), out tx));
        Assert.False(tx);
        Assert.Equal('1', InfoTransmit[28]);
        Assert.False(KenwoodStatus.TryParseTransmitting(ReadAll("IF0001;").Single(), out _));
    }

    [Fact]
    public void Write_CommandAndParameter_TerminatedText()
    {
        var buffer = new byte[16];
        var n = KenwoodWriter.Write(buffer, "AI", "2");
        Assert.Equal("AI2;", Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Throws<ArgumentException>(() => KenwoodWriter.Write(buffer, "A;", string.Empty));
        Assert.Throws<ArgumentException>(() => KenwoodWriter.Write(buffer, "FA", "1;"));
    }

    internal static List<KenwoodMessage> ReadAll(string text)
    {
        var buffer = new CatByteBuffer();
        buffer.Append(Encoding.ASCII.GetBytes(text));
        var list = new List<KenwoodMessage>();
        while (true)
        {
            var status = KenwoodReader.TryRead(buffer.Data, out var message, out var consumed);
            if (status == CatReadStatus.Incomplete)
            {
                return list;
            }

            if (status == CatReadStatus.Message)
            {
                list.Add(message);
            }

            buffer.Consume(consumed);
        }
    }

    private static void Drain(CatByteBuffer buffer, List<string> got)
    {
        while (true)
        {
            var status = KenwoodReader.TryRead(buffer.Data, out var message, out var consumed);
            if (status == CatReadStatus.Incomplete)
            {
                return;
            }

            // Filler (CR/LF) may be dropped as Malformed; real bytes never are in this stream.
            Assert.True(status == CatReadStatus.Message || buffer.Data[..consumed].IndexOfAnyExcept("\r\n "u8) < 0);
            if (status == CatReadStatus.Message)
            {
                got.Add(message.ToString());
            }

            buffer.Consume(consumed);
        }
    }
}

using Gateway.Connectors.Mumble.Protocol;

namespace Gateway.Connectors.Mumble.Tests.Protocol;

public sealed class MumbleVarintTests
{
    [Theory]
    [InlineData(0x7FL, "7f")]
    [InlineData(0x80L, "8080")]
    [InlineData(0x3FFFL, "bfff")]
    [InlineData(0x4000L, "c04000")]
    [InlineData(0x1FFFFFL, "dfffff")]
    [InlineData(0x200000L, "e0200000")]
    [InlineData(0x10000000L, "f010000000")]
    [InlineData(0x100000000L, "f40000000100000000")]
    public void Write_DocumentedVectors_ProduceDocumentedBytes(long value, string hex)
    {
        Span<byte> buffer = stackalloc byte[16];
        var written = MumbleVarint.Write(buffer, value);

        Assert.Equal(hex, Convert.ToHexStringLower(buffer[..written]));
        Assert.Equal(written, MumbleVarint.GetLength(value));
    }

    [Theory]
    [InlineData("7f", 0x7FL)]
    [InlineData("8080", 0x80L)]
    [InlineData("bfff", 0x3FFFL)]
    [InlineData("c04000", 0x4000L)]
    [InlineData("dfffff", 0x1FFFFFL)]
    [InlineData("e0200000", 0x200000L)]
    [InlineData("f010000000", 0x10000000L)]
    [InlineData("f40000000100000000", 0x100000000L)]
    [InlineData("fc", -1L)]
    [InlineData("ff", -4L)]
    public void TryRead_DocumentedVectors_DecodeValue(string hex, long expected)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.True(MumbleVarint.TryRead(bytes, out var value, out var consumed));
        Assert.Equal(expected, value);
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(127L)]
    [InlineData(300L)]
    [InlineData(0xFFFFFFFFL)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    [InlineData(-4L)]
    [InlineData(-5L)]
    [InlineData(-100000L)]
    public void WriteThenRead_AnyValue_RoundTrips(long value)
    {
        Span<byte> buffer = stackalloc byte[16];
        var written = MumbleVarint.Write(buffer, value);

        Assert.True(MumbleVarint.TryRead(buffer[..written], out var decoded, out var consumed));
        Assert.Equal(value, decoded);
        Assert.Equal(written, consumed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("c040")]
    [InlineData("e02000")]
    [InlineData("f0100000")]
    [InlineData("f4000000010000")]
    [InlineData("f8")]
    [InlineData("f8f8")]
    public void TryRead_TruncatedOrNested_ReturnsFalse(string hex)
    {
        Assert.False(MumbleVarint.TryRead(Convert.FromHexString(hex), out _, out _));
    }
}

using System.Buffers;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Connectors.Mumble.Protocol.Messages;
using Google.Protobuf;
using MumbleVersion = Gateway.Connectors.Mumble.Protocol.Messages.Version;

namespace Gateway.Connectors.Mumble.Tests.Protocol;

public sealed class MumbleFrameReaderTests
{
    private static byte[] Frame(MumbleMessageType type, IMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        MumbleFrameWriter.WriteMessage(writer, type, message);
        return writer.WrittenSpan.ToArray();
    }

    private static byte[] Raw(ushort type, byte[] payload)
    {
        var bytes = new byte[6 + payload.Length];
        bytes[0] = (byte)(type >> 8);
        bytes[1] = (byte)type;
        bytes[2] = (byte)(payload.Length >> 24);
        bytes[3] = (byte)(payload.Length >> 16);
        bytes[4] = (byte)(payload.Length >> 8);
        bytes[5] = (byte)payload.Length;
        payload.CopyTo(bytes, 6);
        return bytes;
    }

    [Fact]
    public void WriteMessage_Ping_ProducesHeaderAndProtobuf()
    {
        var bytes = Frame(MumbleMessageType.Ping, new Ping { Timestamp = 5 });

        Assert.Equal("0003000000020805", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void TryRead_EverySplitPoint_YieldsSameFrames()
    {
        var version = new MumbleVersion { Version_ = MumbleMessageCodec.EncodeVersion(1, 3, 4), Release = "gw" };
        var text = new TextMessage { Message = "收到", Actor = 3 };
        text.ChannelId.Add(7);
        var stream = Frame(MumbleMessageType.Version, version)
            .Concat(Raw(1, Convert.FromHexString("80020378aabb")))
            .Concat(Frame(MumbleMessageType.TextMessage, text))
            .ToArray();

        for (var split = 0; split <= stream.Length; split++)
        {
            var reader = new MumbleFrameReader();
            var frames = new List<(MumbleMessageType Type, byte[] Payload)>();
            var pending = Array.Empty<byte>();
            foreach (var chunk in new[] { stream[..split], stream[split..] })
            {
                pending = [.. pending, .. chunk];
                var sequence = new ReadOnlySequence<byte>(pending);
                while (reader.TryRead(ref sequence, out var frame))
                {
                    frames.Add((frame.Type, frame.Payload.ToArray()));
                }

                pending = sequence.ToArray();
            }

            Assert.Empty(pending);
            Assert.Equal(3, frames.Count);
            Assert.Equal(MumbleMessageType.Version, frames[0].Type);
            Assert.Equal(version, MumbleMessageCodec.Parse(frames[0].Type, new ReadOnlySequence<byte>(frames[0].Payload)));
            Assert.Equal(MumbleMessageType.UdpTunnel, frames[1].Type);
            Assert.Equal("80020378aabb", Convert.ToHexStringLower(frames[1].Payload));
            Assert.Equal(text, MumbleMessageCodec.Parse(frames[2].Type, new ReadOnlySequence<byte>(frames[2].Payload)));
        }
    }

    [Fact]
    public void TryRead_MultiSegmentHeader_ReadsFrame()
    {
        var bytes = Frame(MumbleMessageType.Ping, new Ping { Timestamp = 99 });
        var sequence = SegmentedSequence.Create(bytes, 1);
        var reader = new MumbleFrameReader();

        Assert.True(reader.TryRead(ref sequence, out var frame));
        Assert.Equal(99ul, ((Ping)MumbleMessageCodec.Parse(frame.Type, frame.Payload)).Timestamp);
        Assert.True(sequence.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(9)]
    public void TryRead_TruncatedFrame_ReturnsFalseAndConsumesNothing(int length)
    {
        var bytes = Raw(3, [0x08, 0x01, 0x10, 0x02]);
        var sequence = new ReadOnlySequence<byte>(bytes[..length]);

        Assert.False(new MumbleFrameReader().TryRead(ref sequence, out _));
        Assert.Equal(length, sequence.Length);
    }

    [Fact]
    public void TryRead_OversizedLength_ThrowsProtocolViolationNamingLength()
    {
        var sequence = new ReadOnlySequence<byte>(Convert.FromHexString("000300800000"));
        var reader = new MumbleFrameReader();

        ProtocolViolationException? error = null;
        try
        {
            reader.TryRead(ref sequence, out _);
        }
        catch (ProtocolViolationException ex)
        {
            error = ex;
        }

        Assert.NotNull(error);
        Assert.Contains("8388608", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ConfiguredSmallMaximum_RejectsLargerFrame()
    {
        var sequence = new ReadOnlySequence<byte>(Raw(11, new byte[100]));
        var reader = new MumbleFrameReader(maxMessageSize: 64);

        var thrown = Record.Exception(() => reader.TryRead(ref sequence, out _));
        Assert.IsType<ProtocolViolationException>(thrown);
    }

    [Fact]
    public void TryRead_UnknownTypes_SkippedAndCounted()
    {
        var bytes = Raw(13, [1, 2, 3]).Concat(Raw(999, [])).Concat(Raw(20, [0x08, 0x01])).Concat(Frame(MumbleMessageType.Ping, new Ping { Timestamp = 1 })).ToArray();
        var sequence = new ReadOnlySequence<byte>(bytes);
        var reader = new MumbleFrameReader();

        Assert.True(reader.TryRead(ref sequence, out var frame));
        Assert.Equal(MumbleMessageType.Ping, frame.Type);
        Assert.Equal(3, reader.UnknownFrames);
        Assert.False(reader.TryRead(ref sequence, out _));
    }

    [Fact]
    public void TryRead_OnlyUnknownFrames_ConsumesThemAndReturnsFalse()
    {
        var sequence = new ReadOnlySequence<byte>(Raw(22, [1, 2]));
        var reader = new MumbleFrameReader();

        Assert.False(reader.TryRead(ref sequence, out _));
        Assert.True(sequence.IsEmpty);
        Assert.Equal(1, reader.UnknownFrames);
    }

    [Theory]
    [InlineData(MumbleMessageType.UserState, "0a")]
    [InlineData(MumbleMessageType.TextMessage, "2a0541")]
    [InlineData(MumbleMessageType.Ping, "ffffffffffffffffffffff")]
    [InlineData(MumbleMessageType.ServerSync, "0b")]
    public void Parse_InvalidProtobuf_ThrowsProtocolViolation(MumbleMessageType type, string hex)
    {
        var thrown = Record.Exception(() => MumbleMessageCodec.Parse(type, new ReadOnlySequence<byte>(Convert.FromHexString(hex))));

        var violation = Assert.IsType<ProtocolViolationException>(thrown);
        Assert.Contains(type.ToString(), violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AllHandledMessages_RoundTrip()
    {
        var user = new UserState { Session = 5, Name = "patrol3", ChannelId = 2, SelfMute = false };
        var channel = new ChannelState { ChannelId = 2, Parent = 1, Name = "Sports", Position = -1 };
        channel.Links.Add(3);
        var sample = new IMessage[]
        {
            new MumbleVersion { Version_ = 0x00010304, Release = "1.3.4", Os = "Linux", OsVersion = "6" },
            new Authenticate { Username = "gateway-1", Password = "pw", Opus = true, Tokens = { "a" }, CeltVersions = { -2147483637 } },
            new Ping { Timestamp = 123456789012, Good = 1, TcpPingAvg = 1.5f },
            new Reject { Type = Reject.Types.RejectType.UsernameInUse, Reason = "in use" },
            new ServerSync { Session = 5, MaxBandwidth = 72000, WelcomeText = "hi", Permissions = 0x808030E },
            new ChannelRemove { ChannelId = 9 },
            channel,
            new UserRemove { Session = 5, Actor = 1, Reason = "kick", Ban = false },
            user,
            new TextMessage { Actor = 5, Message = "ack", ChannelId = { 2 } },
            new PermissionDenied { Permission = 0x8, ChannelId = 2, Session = 5, Reason = "no", Type = PermissionDenied.Types.DenyType.Permission },
            new CryptSetup { Key = ByteString.CopyFrom(new byte[16]), ClientNonce = ByteString.CopyFrom(new byte[16]) },
            new CodecVersion { Alpha = unchecked((int)0x8000000B), Beta = 0, PreferAlpha = true, Opus = true },
            new ServerConfig { AllowHtml = true, MessageLength = 5000, MaxUsers = 50 },
        };

        foreach (var message in sample)
        {
            var type = MumbleMessageCodec.TypeOf(message);
            var parsed = MumbleMessageCodec.Parse(type, new ReadOnlySequence<byte>(message.ToByteArray()));
            Assert.Equal(message, parsed);
        }
    }

    [Fact]
    public void Parse_PartialUserState_KeepsAbsentFieldsUnset()
    {
        var bytes = new UserState { Session = 3, SelfMute = true }.ToByteArray();

        var parsed = (UserState)MumbleMessageCodec.Parse(MumbleMessageType.UserState, new ReadOnlySequence<byte>(bytes));

        Assert.False(parsed.HasChannelId);
        Assert.False(parsed.HasName);
        Assert.True(parsed.SelfMute);
    }
}

using System.Buffers;
using Gateway.Connectors.Mumble.Protocol.Messages;
using Google.Protobuf;
using Version = Gateway.Connectors.Mumble.Protocol.Messages.Version;

namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>Maps frame types to our protobuf message definitions and back. Control plane only (voice never goes through here).</summary>
public static class MumbleMessageCodec
{
    /// <summary>
    /// Parses the protobuf payload of a control frame. <see cref="MumbleMessageType.UdpTunnel"/> frames carry raw voice
    /// and must not be passed here.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The payload is not a valid message of the frame's type.</exception>
    public static IMessage Parse(MumbleMessageType type, ReadOnlySequence<byte> payload)
    {
        try
        {
            return type switch
            {
                MumbleMessageType.Version => Version.Parser.ParseFrom(payload),
                MumbleMessageType.Authenticate => Authenticate.Parser.ParseFrom(payload),
                MumbleMessageType.Ping => Ping.Parser.ParseFrom(payload),
                MumbleMessageType.Reject => Reject.Parser.ParseFrom(payload),
                MumbleMessageType.ServerSync => ServerSync.Parser.ParseFrom(payload),
                MumbleMessageType.ChannelRemove => ChannelRemove.Parser.ParseFrom(payload),
                MumbleMessageType.ChannelState => ChannelState.Parser.ParseFrom(payload),
                MumbleMessageType.UserRemove => UserRemove.Parser.ParseFrom(payload),
                MumbleMessageType.UserState => UserState.Parser.ParseFrom(payload),
                MumbleMessageType.TextMessage => TextMessage.Parser.ParseFrom(payload),
                MumbleMessageType.PermissionDenied => PermissionDenied.Parser.ParseFrom(payload),
                MumbleMessageType.CryptSetup => CryptSetup.Parser.ParseFrom(payload),
                MumbleMessageType.CodecVersion => CodecVersion.Parser.ParseFrom(payload),
                MumbleMessageType.ServerConfig => ServerConfig.Parser.ParseFrom(payload),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a control message type the gateway parses."),
            };
        }
        catch (InvalidProtocolBufferException ex)
        {
            var head = payload.Length > 16 ? payload.Slice(0, 16).ToArray() : payload.ToArray();
            throw new ProtocolViolationException(
                $"Invalid {type} message ({payload.Length} bytes, starting {ProtocolViolationException.Quote(head)}): {ex.Message}", ex);
        }
    }

    /// <summary>The frame type of one of our message classes.</summary>
    public static MumbleMessageType TypeOf(IMessage message) => message switch
    {
        Version => MumbleMessageType.Version,
        Authenticate => MumbleMessageType.Authenticate,
        Ping => MumbleMessageType.Ping,
        Reject => MumbleMessageType.Reject,
        ServerSync => MumbleMessageType.ServerSync,
        ChannelRemove => MumbleMessageType.ChannelRemove,
        ChannelState => MumbleMessageType.ChannelState,
        UserRemove => MumbleMessageType.UserRemove,
        UserState => MumbleMessageType.UserState,
        TextMessage => MumbleMessageType.TextMessage,
        PermissionDenied => MumbleMessageType.PermissionDenied,
        CryptSetup => MumbleMessageType.CryptSetup,
        CodecVersion => MumbleMessageType.CodecVersion,
        ServerConfig => MumbleMessageType.ServerConfig,
        UdpTunnel => MumbleMessageType.UdpTunnel,
        null => throw new ArgumentNullException(nameof(message)),
        _ => throw new ArgumentException($"{message.GetType().Name} is not a Mumble message the gateway sends.", nameof(message)),
    };

    /// <summary>Encodes <c>major.minor.patch</c> as the Version message's u32.</summary>
    public static uint EncodeVersion(int major, int minor, int patch) => (uint)((major << 16) | (minor << 8) | patch);
}

using System.Buffers;
using System.Buffers.Binary;

namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>
/// Splits the TLS byte stream into frames <c>[u16 type][u32 length][payload]</c> (big-endian). Pure: no I/O.
/// Frames of types the gateway does not handle are consumed and counted, never surfaced.
/// </summary>
public sealed class MumbleFrameReader
{
    /// <summary>What murmurd itself accepts (protocols-ip.md A1); larger lengths mean a broken or hostile peer.</summary>
    public const int DefaultMaxMessageSize = 0x7FFFFF;

    public const int HeaderSize = 6;

    private readonly int _maxMessageSize;

    public MumbleFrameReader(int maxMessageSize = DefaultMaxMessageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageSize);
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>Frames skipped because their type is not one the gateway handles.</summary>
    public long UnknownFrames { get; private set; }

    /// <summary>
    /// Reads the next handled frame from <paramref name="buffer"/> and slices it off. Returns false when the buffer
    /// holds no complete handled frame (any complete unknown frames before it are consumed).
    /// </summary>
    /// <exception cref="ProtocolViolationException">The length field exceeds the maximum message size.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out MumbleFrame frame)
    {
        while (true)
        {
            if (buffer.Length < HeaderSize)
            {
                frame = default;
                return false;
            }

            Span<byte> header = stackalloc byte[HeaderSize];
            buffer.Slice(0, HeaderSize).CopyTo(header);
            var type = BinaryPrimitives.ReadUInt16BigEndian(header);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
            if (length > (uint)_maxMessageSize)
            {
                throw new ProtocolViolationException(
                    $"Frame length {length} exceeds the maximum message size {_maxMessageSize} (type {type}, header {ProtocolViolationException.Quote(header)}).");
            }

            if (buffer.Length < HeaderSize + length)
            {
                frame = default;
                return false;
            }

            var payload = buffer.Slice(HeaderSize, length);
            buffer = buffer.Slice(payload.End);
            if (!IsHandled(type))
            {
                UnknownFrames++;
                continue;
            }

            frame = new MumbleFrame((MumbleMessageType)type, payload);
            return true;
        }
    }

    private static bool IsHandled(ushort type) => (MumbleMessageType)type switch
    {
        MumbleMessageType.Version or MumbleMessageType.UdpTunnel or MumbleMessageType.Authenticate or MumbleMessageType.Ping
            or MumbleMessageType.Reject or MumbleMessageType.ServerSync or MumbleMessageType.ChannelRemove
            or MumbleMessageType.ChannelState or MumbleMessageType.UserRemove or MumbleMessageType.UserState
            or MumbleMessageType.TextMessage or MumbleMessageType.PermissionDenied or MumbleMessageType.CryptSetup
            or MumbleMessageType.CodecVersion or MumbleMessageType.ServerConfig => true,
        _ => false,
    };
}

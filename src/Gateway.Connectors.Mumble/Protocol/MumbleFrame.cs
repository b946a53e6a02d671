using System.Buffers;

namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>One TCP frame: its type and payload. The payload is a slice of the receive buffer, valid until the reader advances.</summary>
public readonly struct MumbleFrame
{
    public MumbleFrame(MumbleMessageType type, ReadOnlySequence<byte> payload)
    {
        Type = type;
        Payload = payload;
    }

    public MumbleMessageType Type { get; }

    public ReadOnlySequence<byte> Payload { get; }
}

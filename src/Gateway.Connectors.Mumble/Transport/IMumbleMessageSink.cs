using Gateway.Connectors.Mumble.Protocol;
using Google.Protobuf;

namespace Gateway.Connectors.Mumble.Transport;

/// <summary>Receives what the connection's receive loop reads, on the loop's thread, one call at a time.</summary>
internal interface IMumbleMessageSink
{
    /// <summary>A control message (Ping answers are handled by the connection and also passed here).</summary>
    void OnMessage(MumbleMessageType type, IMessage message);

    /// <summary>A tunnelled voice packet (server → client layout). The span is only valid during the call.</summary>
    void OnVoice(ReadOnlySpan<byte> packet);
}

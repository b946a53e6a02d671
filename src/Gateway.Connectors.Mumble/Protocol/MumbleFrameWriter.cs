using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>Writes TCP frames <c>[u16 type][u32 length][payload]</c> into a buffer writer. Pure: no I/O.</summary>
public static class MumbleFrameWriter
{
    /// <summary>Writes a protobuf control message with its header.</summary>
    public static void WriteMessage(IBufferWriter<byte> output, MumbleMessageType type, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        var length = message.CalculateSize();
        WriteHeader(output, type, length);
        var span = output.GetSpan(length)[..length];
        message.WriteTo(span);
        output.Advance(length);
    }

    /// <summary>Writes a raw payload (type 1 = a voice packet) with its header.</summary>
    public static void WriteRaw(IBufferWriter<byte> output, MumbleMessageType type, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(output, type, payload.Length);
        output.Write(payload);
    }

    /// <summary>Writes a raw frame into a span; returns the bytes written (header + payload).</summary>
    public static int WriteRaw(Span<byte> destination, MumbleMessageType type, ReadOnlySpan<byte> payload)
    {
        if (destination.Length < MumbleFrameReader.HeaderSize + payload.Length)
        {
            throw new ArgumentException("Destination too small for the frame.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)type);
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)payload.Length);
        payload.CopyTo(destination[MumbleFrameReader.HeaderSize..]);
        return MumbleFrameReader.HeaderSize + payload.Length;
    }

    private static void WriteHeader(IBufferWriter<byte> output, MumbleMessageType type, int length)
    {
        var header = output.GetSpan(MumbleFrameReader.HeaderSize);
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)type);
        BinaryPrimitives.WriteUInt32BigEndian(header[2..], (uint)length);
        output.Advance(MumbleFrameReader.HeaderSize);
    }
}

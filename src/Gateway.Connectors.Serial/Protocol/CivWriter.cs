namespace Gateway.Connectors.Serial.Protocol;

/// <summary>Writes CI-V frames into a caller-supplied buffer (no allocation).</summary>
public static class CivWriter
{
    /// <summary>Writes <c>FE FE to from cmd payload FD</c>; returns the frame length.</summary>
    public static int Write(Span<byte> destination, byte to, byte from, byte command, ReadOnlySpan<byte> payload)
    {
        var length = CivProtocol.MinFrameLength + payload.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination too small for the CI-V frame.", nameof(destination));
        }

        foreach (var b in payload)
        {
            if (b is CivProtocol.Preamble or CivProtocol.EndOfMessage)
            {
                throw new ArgumentException("CI-V data cannot contain FE or FD.", nameof(payload));
            }
        }

        destination[0] = CivProtocol.Preamble;
        destination[1] = CivProtocol.Preamble;
        destination[2] = to;
        destination[3] = from;
        destination[4] = command;
        payload.CopyTo(destination[5..]);
        destination[length - 1] = CivProtocol.EndOfMessage;
        return length;
    }

    public static int WritePtt(Span<byte> destination, byte radio, byte controller, bool transmit) =>
        Write(destination, radio, controller, CivProtocol.CommandPttGroup, [CivProtocol.SubPtt, transmit ? (byte)1 : (byte)0]);

    public static int WritePttQuery(Span<byte> destination, byte radio, byte controller) =>
        Write(destination, radio, controller, CivProtocol.CommandPttGroup, [CivProtocol.SubPtt]);

    public static int WriteSquelchQuery(Span<byte> destination, byte radio, byte controller) =>
        Write(destination, radio, controller, CivProtocol.CommandMeter, [CivProtocol.SubSquelchStatus]);
}

namespace Gateway.Connectors.Serial.Protocol;

/// <summary>Interprets the CI-V answers the radio endpoint needs.</summary>
public static class CivStatus
{
    /// <summary><c>1C 00 xx</c> from the radio: xx = 01 transmitting.</summary>
    public static bool TryParseTransmitting(CivFrame frame, out bool transmitting)
    {
        transmitting = false;
        if (frame.Command != CivProtocol.CommandPttGroup || frame.Payload.Count != 2 || frame.Payload[0] != CivProtocol.SubPtt)
        {
            return false;
        }

        transmitting = frame.Payload[1] == 1;
        return frame.Payload[1] <= 1;
    }

    /// <summary><c>15 01 xx</c> from the radio: xx = 01 squelch open.</summary>
    public static bool TryParseSquelchOpen(CivFrame frame, out bool open)
    {
        open = false;
        if (frame.Command != CivProtocol.CommandMeter || frame.Payload.Count != 2 || frame.Payload[0] != CivProtocol.SubSquelchStatus)
        {
            return false;
        }

        open = frame.Payload[1] == 1;
        return frame.Payload[1] <= 1;
    }

    /// <summary>Parses a CI-V address written in hex (<c>94</c>, <c>0x94</c> or <c>94h</c>).</summary>
    public static bool TryParseAddress(string? text, out byte address)
    {
        address = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            t = t[2..];
        }
        else if (t.EndsWith('h') || t.EndsWith('H'))
        {
            t = t[..^1];
        }

        return byte.TryParse(t, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out address)
            && address is not (CivProtocol.Preamble or CivProtocol.EndOfMessage);
    }
}

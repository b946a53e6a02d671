namespace Gateway.Connectors.Serial.Protocol;

/// <summary>Writes Kenwood-style commands. The fixed ones are constants so keying allocates nothing.</summary>
public static class KenwoodWriter
{
    /// <summary>Transmit (microphone audio path on the TS-480/590; some models want <c>TX1;</c> for the data jack).</summary>
    public static ReadOnlySpan<byte> Transmit => "TX;"u8;

    public static ReadOnlySpan<byte> Receive => "RX;"u8;

    /// <summary>Busy (squelch open) query; answer <c>BY0;</c>/<c>BY1;</c>, or two digits (main, sub) on the TS-480/590/990/2000.</summary>
    public static ReadOnlySpan<byte> BusyQuery => "BY;"u8;

    /// <summary>Status query; the answer carries the TX/RX state (used to confirm an unkey).</summary>
    public static ReadOnlySpan<byte> InformationQuery => "IF;"u8;

    /// <summary>Auto-information off: we poll, so unsolicited reports would only add traffic.</summary>
    public static ReadOnlySpan<byte> AutoInformationOff => "AI0;"u8;

    /// <summary>Writes <paramref name="command"/> (two letters) and <paramref name="parameter"/> followed by <c>;</c>.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<char> command, ReadOnlySpan<char> parameter)
    {
        if (command.Length != 2 || !char.IsAsciiLetterUpper(command[0]) || !char.IsAsciiLetterUpper(command[1]))
        {
            throw new ArgumentException("A Kenwood command is two upper-case letters.", nameof(command));
        }

        var length = command.Length + parameter.Length + 1;
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        for (var i = 0; i < parameter.Length; i++)
        {
            if (parameter[i] is < ' ' or > '~' or ';')
            {
                throw new ArgumentException("Kenwood parameters are printable ASCII without ';'.", nameof(parameter));
            }
        }

        destination[0] = (byte)command[0];
        destination[1] = (byte)command[1];
        for (var i = 0; i < parameter.Length; i++)
        {
            destination[2 + i] = (byte)parameter[i];
        }

        destination[length - 1] = (byte)';';
        return length;
    }
}

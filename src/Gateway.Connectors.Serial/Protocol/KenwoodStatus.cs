namespace Gateway.Connectors.Serial.Protocol;

/// <summary>Interprets the Kenwood answers the radio endpoint needs (busy and TX state).</summary>
public static class KenwoodStatus
{
    /// <summary>Offset of the TX/RX digit in the <c>IF</c> parameter (byte 28 of the whole answer, as Hamlib's kenwood.c reads it).</summary>
    public const int InformationTransmitIndex = 26;

    /// <summary><c>BY</c> answer: the first digit is the main receiver (1 = busy/squelch open).</summary>
    public static bool TryParseBusy(in KenwoodMessage message, out bool busy)
    {
        busy = false;
        if (message.Command != "BY" || message.Parameter.Length == 0 || message.Parameter[0] is not ('0' or '1'))
        {
            return false;
        }

        busy = message.Parameter[0] == '1';
        return true;
    }

    /// <summary>
    /// Reads the transmit state from an <c>IF</c> answer, or from a <c>TX</c>/<c>RX</c> report (auto-information mode).
    /// </summary>
    public static bool TryParseTransmitting(in KenwoodMessage message, out bool transmitting)
    {
        transmitting = false;
        switch (message.Command)
        {
            case "IF" when message.Parameter.Length > InformationTransmitIndex && message.Parameter[InformationTransmitIndex] is '0' or '1':
                transmitting = message.Parameter[InformationTransmitIndex] == '1';
                return true;
            case "TX":
                transmitting = true;
                return true;
            case "RX":
                return true;
            default:
                return false;
        }
    }
}

namespace Gateway.Connectors.Serial.Control;

/// <summary>The modem-control line a method uses.</summary>
public enum ModemLine
{
    Rts,
    Dtr,
    Cts,
    Dsr,
    Dcd,
}

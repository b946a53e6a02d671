namespace Gateway.Connectors.Serial.Control;

/// <summary>What the transmit controller wants done to the PTT line.</summary>
public enum PttCommand
{
    None = 0,
    Key = 1,
    Unkey = 2,
}

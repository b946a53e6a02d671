namespace Gateway.Connectors.Serial.Control;

/// <summary>What a squelch sample changed.</summary>
public enum SquelchTransition
{
    None = 0,
    Opened = 1,
    Closed = 2,
}

namespace Gateway.Connectors.Serial.Control;

/// <summary>Where the transmitter is.</summary>
public enum TransmitPhase
{
    /// <summary>Unkeyed, waiting for group audio.</summary>
    Idle = 0,

    /// <summary>Keyed; audio is held back while the radio (and the far receivers' squelch) settles.</summary>
    LeadIn = 1,

    /// <summary>Keyed; audio flows; unkeys <c>TailMs</c> after the last audio or end of transmission.</summary>
    Transmitting = 2,

    /// <summary>The transmit timeout fired: unkeyed, and group audio is ignored until the group's transmission ends.</summary>
    LockedOut = 3,
}

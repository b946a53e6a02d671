namespace Gateway.Connectors.Serial.Control;

/// <summary>
/// The RS-232 modem-control lines of one port, as the PC sees them: RTS and DTR are outputs, CTS, DSR and DCD inputs.
/// A seam because Linux ptys implement no modem ioctls: tests use a fake, real hardware uses the serial port.
/// Implementations throw <see cref="IOException"/> when the port is gone.
/// </summary>
public interface IModemLines
{
    bool Rts { set; }

    bool Dtr { set; }

    bool Cts { get; }

    bool Dsr { get; }

    bool Dcd { get; }
}

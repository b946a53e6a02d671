using Gateway.Connectors.Serial.Control;

namespace Gateway.Connectors.Serial.Transport;

/// <summary>
/// A serial port as the radio link needs it: open/close (it may vanish and come back), blocking reads with a short
/// timeout, writes, and the modem lines. Every failed operation throws <see cref="IOException"/>.
/// </summary>
public interface ISerialPort : IModemLines, IDisposable
{
    string PortName { get; }

    bool IsOpen { get; }

    /// <summary>False when the device node is gone (USB adapter unplugged, pty closed, dangling by-id link).</summary>
    bool DeviceExists { get; }

    void Open();

    void Close();

    /// <summary>Reads what is available, waiting at most the read timeout; returns 0 when nothing came.</summary>
    int Read(Span<byte> buffer);

    void Write(ReadOnlySpan<byte> data);
}

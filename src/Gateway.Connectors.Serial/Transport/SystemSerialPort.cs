using System.IO.Ports;

namespace Gateway.Connectors.Serial.Transport;

/// <summary>
/// <see cref="ISerialPort"/> over System.IO.Ports. Handshake is always None (RTS/CTS handshake would hand RTS to the
/// kernel and make RTS PTT throw). A new <see cref="SerialPort"/> is made on every open because the old one may belong to
/// a device that was unplugged. Writes and close share a lock (dotnet/runtime#100690: Close during Write can deadlock).
/// </summary>
public sealed class SystemSerialPort : ISerialPort
{
    private readonly object _ioLock = new();
    private readonly int _baudRate;
    private readonly Parity _parity;
    private readonly int _dataBits;
    private readonly StopBits _stopBits;
    private readonly byte[] _readBuffer = new byte[256];
    private readonly byte[] _writeBuffer = new byte[256];
    private SerialPort? _port;

    public SystemSerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
    {
        PortName = portName;
        _baudRate = baudRate;
        _parity = parity;
        _dataBits = dataBits;
        _stopBits = stopBits;
    }

    public string PortName { get; }

    public bool IsOpen => _port?.IsOpen == true;

    // File.Exists follows symlinks: a /dev/serial/by-id link or a socat link whose target vanished reads as missing.
    public bool DeviceExists => File.Exists(PortName);

    public void Open()
    {
        lock (_ioLock)
        {
            CloseCore();
            if (!DeviceExists)
            {
                throw new IOException($"Serial port {PortName} does not exist");
            }

            var port = new SerialPort(PortName, _baudRate, _parity, _dataBits, _stopBits)
            {
                Handshake = Handshake.None,
                ReadTimeout = 100,
                WriteTimeout = 500,

                // Set before Open so .NET drives both lines low straight after the kernel raised them (radio-side.md §1.5).
                DtrEnable = false,
                RtsEnable = false,
            };
            try
            {
                port.Open();
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                port.Dispose();
                throw new IOException($"Cannot open serial port {PortName}: {ex.Message}", ex);
            }

            _port = port;
        }
    }

    public void Close()
    {
        lock (_ioLock)
        {
            CloseCore();
        }
    }

    public int Read(Span<byte> buffer)
    {
        var port = _port ?? throw new IOException($"Serial port {PortName} is not open");
        try
        {
            var n = port.Read(_readBuffer, 0, Math.Min(buffer.Length, _readBuffer.Length));
            _readBuffer.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        catch (TimeoutException)
        {
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            throw new IOException($"Serial port {PortName} closed: {ex.Message}", ex);
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_ioLock)
        {
            var port = _port ?? throw new IOException($"Serial port {PortName} is not open");
            try
            {
                while (!data.IsEmpty)
                {
                    var n = Math.Min(data.Length, _writeBuffer.Length);
                    data[..n].CopyTo(_writeBuffer);
                    port.Write(_writeBuffer, 0, n);
                    data = data[n..];
                }
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                throw new IOException($"Write to serial port {PortName} failed: {ex.Message}", ex);
            }
        }
    }

    public bool Rts
    {
        set => Guard(p => p.RtsEnable = value);
    }

    public bool Dtr
    {
        set => Guard(p => p.DtrEnable = value);
    }

    public bool Cts => Guard(p => p.CtsHolding);

    public bool Dsr => Guard(p => p.DsrHolding);

    public bool Dcd => Guard(p => p.CDHolding);

    public void Dispose() => Close();

    private T Guard<T>(Func<SerialPort, T> action)
    {
        var port = _port ?? throw new IOException($"Serial port {PortName} is not open");
        try
        {
            return action(port);
        }
        catch (InvalidOperationException ex)
        {
            throw new IOException($"Serial port {PortName}: {ex.Message}", ex);
        }
    }

    private void CloseCore()
    {
        var port = _port;
        _port = null;
        if (port is null)
        {
            return;
        }

        try
        {
            port.Close();
        }
        catch (IOException)
        {
            // The device is already gone; the descriptor is released by Dispose.
        }

        port.Dispose();
    }
}

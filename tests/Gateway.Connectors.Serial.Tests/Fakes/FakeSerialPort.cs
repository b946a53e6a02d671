using Gateway.Connectors.Serial.Transport;
using Gateway.Connectors.Serial.Tests.Control;

namespace Gateway.Connectors.Serial.Tests.Fakes;

/// <summary>A serial port that can vanish and come back (for the link's reopen/backoff logic) with fake modem lines.</summary>
internal sealed class FakeSerialPort : ISerialPort
{
    private int _openAttempts;

    public FakeModemLines Lines { get; } = new();

    public string PortName => "/dev/fake";

    public bool IsOpen { get; private set; }

    public volatile bool Exists;

    public bool DeviceExists => Exists;

    public int OpenAttempts => Volatile.Read(ref _openAttempts);

    public void Open()
    {
        Interlocked.Increment(ref _openAttempts);
        if (!Exists)
        {
            throw new IOException("No such file or directory");
        }

        IsOpen = true;
    }

    public void Close() => IsOpen = false;

    public int Read(Span<byte> buffer)
    {
        if (!IsOpen)
        {
            throw new IOException("not open");
        }

        Thread.Sleep(1); // a real port blocks for its read timeout
        return 0;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
    }

    public bool Rts
    {
        set => Lines.Rts = value;
    }

    public bool Dtr
    {
        set => Lines.Dtr = value;
    }

    public bool Cts => Lines.Cts;

    public bool Dsr => Lines.Dsr;

    public bool Dcd => Lines.Dcd;

    public void Dispose() => Close();
}

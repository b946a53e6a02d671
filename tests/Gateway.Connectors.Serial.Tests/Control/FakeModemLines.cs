using Gateway.Connectors.Serial.Control;

namespace Gateway.Connectors.Serial.Tests.Control;

/// <summary>Modem lines for tests (ptys carry none): records output writes, inputs are set by the test, can fail like a vanished port.</summary>
internal sealed class FakeModemLines : IModemLines
{
    private bool _rts;
    private bool _dtr;

    public List<(string Line, bool Level)> Writes { get; } = [];

    public bool RtsLevel => _rts;

    public bool DtrLevel => _dtr;

    public bool CtsLevel { get; set; }

    public bool DsrLevel { get; set; }

    public bool DcdLevel { get; set; }

    /// <summary>When set, every access throws like a USB adapter that was unplugged.</summary>
    public bool Gone { get; set; }

    public bool Rts
    {
        set
        {
            ThrowIfGone();
            _rts = value;
            Writes.Add(("RTS", value));
        }
    }

    public bool Dtr
    {
        set
        {
            ThrowIfGone();
            _dtr = value;
            Writes.Add(("DTR", value));
        }
    }

    public bool Cts => Read(CtsLevel);

    public bool Dsr => Read(DsrLevel);

    public bool Dcd => Read(DcdLevel);

    /// <summary>When set, only reading the inputs fails (a flaky adapter whose TIOCMGET errors).</summary>
    public bool InputsFail { get; set; }

    private bool Read(bool value)
    {
        ThrowIfGone();
        if (InputsFail)
        {
            throw new IOException("Input/output error");
        }

        return value;
    }

    private void ThrowIfGone()
    {
        if (Gone)
        {
            throw new IOException("No such device");
        }
    }
}

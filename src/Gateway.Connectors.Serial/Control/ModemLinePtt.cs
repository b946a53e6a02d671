namespace Gateway.Connectors.Serial.Control;

/// <summary>
/// PTT on RTS or DTR. <c>activeHigh = false</c> is for wiring where the asserted (positive) level means receive, e.g.
/// TTL adapters whose outputs are active-low; then "receive" is the asserted state.
/// </summary>
internal sealed class ModemLinePtt : IPttLine
{
    private readonly IModemLines _lines;
    private readonly ModemLine _line;
    private readonly bool _activeHigh;

    public ModemLinePtt(IModemLines lines, ModemLine line, bool activeHigh)
    {
        if (line is not (ModemLine.Rts or ModemLine.Dtr))
        {
            throw new ArgumentException("PTT needs an output line (RTS or DTR).", nameof(line));
        }

        _lines = lines;
        _line = line;
        _activeHigh = activeHigh;
    }

    public string Method => _line == ModemLine.Rts ? "rts" : "dtr";

    public void Set(bool transmit)
    {
        var level = transmit == _activeHigh;
        if (_line == ModemLine.Rts)
        {
            _lines.Rts = level;
        }
        else
        {
            _lines.Dtr = level;
        }
    }

    // A modem line cannot be read back through the port; the write itself either worked or threw.
    public Task<bool> ConfirmReceiveAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}

namespace Gateway.Connectors.Serial.Control;

/// <summary>Squelch from CTS, DSR or DCD, read on every poll (PinChanged is unreliable on Linux, see radio-side.md §1.5).</summary>
internal sealed class ModemLineSquelch : ISquelchDetector
{
    private readonly IModemLines _lines;
    private readonly ModemLine _line;
    private readonly bool _activeHigh;

    public ModemLineSquelch(IModemLines lines, ModemLine line, bool activeHigh)
    {
        if (line is not (ModemLine.Cts or ModemLine.Dsr or ModemLine.Dcd))
        {
            throw new ArgumentException("Squelch needs an input line (CTS, DSR or DCD).", nameof(line));
        }

        _lines = lines;
        _line = line;
        _activeHigh = activeHigh;
    }

    public string Method => _line.ToString().ToLowerInvariant();

    public bool Sample()
    {
        var level = _line switch
        {
            ModemLine.Cts => _lines.Cts,
            ModemLine.Dsr => _lines.Dsr,
            _ => _lines.Dcd,
        };
        return level == _activeHigh;
    }
}

namespace Gateway.Connectors.Serial.Control;

/// <summary>
/// Turns raw squelch samples into confirmed openings and closings. An opening counts only after the raw state has been
/// open for max(debounce, minimum opening) — shorter openings ("kerchunks": a key-up without speech, a noise burst)
/// never reach the floor. Brief drops shorter than the debounce time neither close an opening nor restart a pending one.
/// Pure: time comes in as milliseconds.
/// </summary>
internal sealed class SquelchGate
{
    private readonly long _debounceMs;
    private readonly long _confirmMs;
    private long? _candidateSince;
    private long? _closedSince;
    private long _lastRawOpen;

    public SquelchGate(int debounceMs, int minOpenMs)
    {
        _debounceMs = Math.Max(0, debounceMs);
        _confirmMs = Math.Max(_debounceMs, minOpenMs);
    }

    public bool IsOpen { get; private set; }

    /// <summary>Raw openings that closed again before they were confirmed.</summary>
    public long KerchunksIgnored { get; private set; }

    /// <summary>When the raw state went open for the current (or last) confirmed opening.</summary>
    public long OpenedRawAtMs { get; private set; }

    public SquelchTransition Update(bool raw, long nowMs)
    {
        if (raw)
        {
            _closedSince = null;
            _lastRawOpen = nowMs;
            if (IsOpen)
            {
                return SquelchTransition.None;
            }

            _candidateSince ??= nowMs;
            if (nowMs - _candidateSince.Value >= _confirmMs)
            {
                IsOpen = true;
                OpenedRawAtMs = _candidateSince.Value;
                _candidateSince = null;
                return SquelchTransition.Opened;
            }

            return SquelchTransition.None;
        }

        _closedSince ??= nowMs;
        if (nowMs - _closedSince.Value < _debounceMs)
        {
            return SquelchTransition.None;
        }

        if (IsOpen)
        {
            IsOpen = false;
            _closedSince = null;
            return SquelchTransition.Closed;
        }

        if (_candidateSince is { } since)
        {
            // It was open for real (longer than a contact bounce) but not long enough to be a transmission.
            if (_lastRawOpen - since >= _debounceMs || _debounceMs == 0)
            {
                KerchunksIgnored++;
            }

            _candidateSince = null;
        }

        return SquelchTransition.None;
    }

    /// <summary>Forgets everything (the port was lost: the squelch state is unknown, report closed).</summary>
    public SquelchTransition Reset()
    {
        var wasOpen = IsOpen;
        IsOpen = false;
        _candidateSince = null;
        _closedSince = null;
        return wasOpen ? SquelchTransition.Closed : SquelchTransition.None;
    }
}

namespace Gateway.Connectors.Serial.Control;

/// <summary>
/// The transmit-side timers of a radio: lead-in (key, wait, then audio), tail (hold the carrier after the last audio so
/// the far squelch does not chop the last syllable), the transmit-timeout watchdog (unkey whatever the router says) and
/// the lock-out after a timeout, which lasts until the group's transmission ends (end-of-transmission, or no group audio
/// for a tail time). Pure: time comes in as milliseconds; the caller applies the returned <see cref="PttCommand"/>.
/// </summary>
internal sealed class TransmitController
{
    private readonly long _leadMs;
    private readonly long _tailMs;
    private readonly long _timeoutMs;
    private long _keyedAt;
    private long _lastActivity;

    public TransmitController(int leadMs, int tailMs, int timeoutSeconds)
    {
        _leadMs = Math.Max(0, leadMs);
        _tailMs = Math.Max(0, tailMs);
        _timeoutMs = timeoutSeconds <= 0 ? long.MaxValue : timeoutSeconds * 1000L;
    }

    public TransmitPhase Phase { get; private set; }

    /// <summary>True while PTT should be asserted.</summary>
    public bool IsKeyed => Phase is TransmitPhase.LeadIn or TransmitPhase.Transmitting;

    /// <summary>True when buffered group audio may be played to the radio.</summary>
    public bool AudioFlows => Phase == TransmitPhase.Transmitting;

    public long Timeouts { get; private set; }

    /// <summary>Frames of group audio refused during a lock-out.</summary>
    public long LockedOutFrames { get; private set; }

    public PttCommand OnAudio(long nowMs)
    {
        _lastActivity = nowMs;
        switch (Phase)
        {
            case TransmitPhase.Idle:
                Phase = TransmitPhase.LeadIn;
                _keyedAt = nowMs;
                return PttCommand.Key;
            case TransmitPhase.LockedOut:
                LockedOutFrames++;
                return PttCommand.None;
            default:
                return PttCommand.None;
        }
    }

    /// <summary>The group's transmission ended: start the tail, or end a lock-out.</summary>
    public void OnEndOfTransmission(long nowMs)
    {
        _lastActivity = nowMs;
        if (Phase == TransmitPhase.LockedOut)
        {
            Phase = TransmitPhase.Idle;
        }
    }

    /// <param name="nowMs">Current time.</param>
    /// <param name="audioPending">Audio is still queued for the radio: the tail starts only when it has been played.</param>
    public PttCommand Tick(long nowMs, bool audioPending)
    {
        switch (Phase)
        {
            case TransmitPhase.LeadIn or TransmitPhase.Transmitting when nowMs - _keyedAt >= _timeoutMs:
                Timeouts++;
                Phase = TransmitPhase.LockedOut;
                _lastActivity = nowMs;
                return PttCommand.Unkey;
            case TransmitPhase.LeadIn when nowMs - _keyedAt >= _leadMs:
                Phase = TransmitPhase.Transmitting;
                return PttCommand.None;
            case TransmitPhase.Transmitting when !audioPending && nowMs - _lastActivity >= _tailMs:
                Phase = TransmitPhase.Idle;
                return PttCommand.Unkey;
            case TransmitPhase.Transmitting when audioPending:
                // Audio still playing counts as activity, so the tail is measured from the end of the audio.
                _lastActivity = Math.Max(_lastActivity, nowMs);
                return PttCommand.None;
            case TransmitPhase.LockedOut when nowMs - _lastActivity >= _tailMs:
                Phase = TransmitPhase.Idle;
                return PttCommand.None;
            default:
                return PttCommand.None;
        }
    }

    /// <summary>
    /// Fail-safe: drop to unkeyed now (an exception, a lost port, shutdown). A lock-out survives it, so the radio does not
    /// key again for the transmission that timed out.
    /// </summary>
    public PttCommand ForceRelease()
    {
        var wasKeyed = IsKeyed;
        if (wasKeyed)
        {
            Phase = TransmitPhase.Idle;
        }

        return wasKeyed ? PttCommand.Unkey : PttCommand.None;
    }
}

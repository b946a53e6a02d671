namespace Gateway.Core.Alerts;

/// <summary>
/// The clock of the alert engine's bookkeeping: notified/acknowledged times, response times and the escalation and
/// deadline timers. Not registered in production, where the engine uses the gateway's <see cref="TimeProvider"/> for
/// everything. Registering one separates the two: the alert audio is still paced on the gateway's (media) clock, so a
/// test can drive the escalation ladder with a fake clock while the real media path plays in real time.
/// </summary>
public sealed class AlertClock
{
    public AlertClock(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Time = time;
    }

    public TimeProvider Time { get; }
}

namespace Gateway.Core.Alerts;

/// <summary>An alert's life: pending → playing → awaiting_ack (→ escalated) → completed | expired | cancelled.</summary>
public enum AlertState
{
    Pending,
    Playing,
    AwaitingAck,

    /// <summary>Played, and every targeted unit acknowledged (or checked out), or no acknowledgement was required.</summary>
    Completed,

    /// <summary>An escalation step fired; the alert is still open and collecting acknowledgements (ends completed or expired).</summary>
    Escalated,

    /// <summary>The acknowledgement deadline passed with units outstanding.</summary>
    Expired,
    Cancelled,
}

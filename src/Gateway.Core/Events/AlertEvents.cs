using Gateway.Core.Alerts;
using Gateway.Core.Identity;

namespace Gateway.Core.Events;

// Alert events: every state change, acknowledgement and escalation of an alert (Events.Subscribe, storage, logs).

/// <summary>An alert changed state (created as pending, playing, awaiting acknowledgements, ended).</summary>
public sealed record AlertStateChanged(DateTimeOffset Time, string AlertId, AlertState State, string? Reason) : GatewayEvent(Time);

/// <summary>A unit acknowledged an alert; <see cref="First"/> is false for a duplicate or late acknowledgement.</summary>
public sealed record AlertAcknowledged(DateTimeOffset Time, string AlertId, UnitId Unit, AckSource Via, bool First, TimeSpan? ResponseTime) : GatewayEvent(Time);

/// <summary>A targeted unit checked out during the alert: it no longer counts as outstanding.</summary>
public sealed record AlertUnitCheckedOut(DateTimeOffset Time, string AlertId, UnitId Unit) : GatewayEvent(Time);

/// <summary>An escalation step fired (1-based <see cref="Step"/>).</summary>
public sealed record AlertEscalated(DateTimeOffset Time, string AlertId, int Step, EscalationAction Action, IReadOnlyList<TalkGroupId> Groups, IReadOnlyList<UnitId> Outstanding) : GatewayEvent(Time);

/// <summary>An alert's escalation raised an emergency (the last rung of the 1-3-5 ladder).</summary>
public sealed record AlertEmergencyRaised(DateTimeOffset Time, string AlertId, IReadOnlyList<TalkGroupId> Groups, IReadOnlyList<UnitId> Outstanding) : GatewayEvent(Time);

/// <summary>An alert was played (or could not be played) in a talk group.</summary>
public sealed record AlertPlayed(DateTimeOffset Time, string AlertId, TalkGroupId Group, bool Played, string? Reason) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

/// <summary>A unit's <c>responding</c> or <c>on_scene</c> status was recorded on an alert's board.</summary>
public sealed record AlertUnitStatusRecorded(DateTimeOffset Time, string AlertId, UnitId Unit, UnitAlertMilestone Milestone) : GatewayEvent(Time);

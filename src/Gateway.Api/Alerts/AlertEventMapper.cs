using Gateway.Api.V1;
using Gateway.Core.Events;

namespace Gateway.Api.Alerts;

/// <summary>Maps the alert engine's events to gateway.v1 AlertEvent (Events.Subscribe); null for other events.</summary>
internal static class AlertEventMapper
{
    public static bool IsAlertEvent(GatewayEvent e) =>
        e is AlertStateChanged or AlertAcknowledged or AlertUnitCheckedOut or AlertEscalated or AlertEmergencyRaised or AlertPlayed or AlertUnitStatusRecorded;

    public static AlertEvent? ToProto(GatewayEvent e) => e switch
    {
        AlertStateChanged s => new AlertEvent { AlertId = s.AlertId, State = AlertProtoMapper.ToProto(s.State), Detail = s.Reason ?? string.Empty },
        AlertAcknowledged a => new AlertEvent
        {
            AlertId = a.AlertId,
            UnitId = a.Unit.Value,
            Detail = FormattableString.Invariant($"{(a.First ? "acknowledged" : "duplicate acknowledgement")} via {a.Via}{(a.ResponseTime is { } r ? $" after {r.TotalSeconds:F1} s" : string.Empty)}"),
        },
        AlertUnitCheckedOut c => new AlertEvent { AlertId = c.AlertId, UnitId = c.Unit.Value, Detail = "checked out during the alert" },
        AlertEscalated x => new AlertEvent
        {
            AlertId = x.AlertId,
            State = V1.AlertState.Escalated,
            Detail = FormattableString.Invariant($"escalation step {x.Step}: {x.Action} in {string.Join(",", x.Groups)}; outstanding {string.Join(",", x.Outstanding)}"),
        },
        AlertEmergencyRaised m => new AlertEvent
        {
            AlertId = m.AlertId,
            State = V1.AlertState.Escalated,
            Detail = FormattableString.Invariant($"emergency raised in {string.Join(",", m.Groups)}; outstanding {string.Join(",", m.Outstanding)}"),
        },
        AlertPlayed p => new AlertEvent { AlertId = p.AlertId, Detail = p.Played ? $"played in {p.Group}" : $"not played in {p.Group}: {p.Reason}" },
        AlertUnitStatusRecorded r => new AlertEvent
        {
            AlertId = r.AlertId,
            UnitId = r.Unit.Value,
            Detail = r.Milestone == Core.Alerts.UnitAlertMilestone.OnScene ? "on scene" : "responding",
        },
        _ => null,
    };
}

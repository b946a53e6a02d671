namespace Gateway.Core.Alerts;

/// <summary>One configured escalation step: <c>{ "AfterSeconds": 60, "Action": "RepageUnacknowledged", "TalkGroups": [] }</c>.</summary>
public sealed class EscalationStepOptions
{
    public int AfterSeconds { get; set; }

    public EscalationAction Action { get; set; }

    public List<string> TalkGroups { get; set; } = [];
}

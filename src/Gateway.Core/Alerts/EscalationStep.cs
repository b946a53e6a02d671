namespace Gateway.Core.Alerts;

/// <summary>One rung of an escalation ladder, measured from when the alert started waiting for acknowledgements.</summary>
public sealed record EscalationStep(TimeSpan After, EscalationAction Action, IReadOnlyList<string> TalkGroups);

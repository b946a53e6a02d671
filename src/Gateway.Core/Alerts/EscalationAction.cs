namespace Gateway.Core.Alerts;

public enum EscalationAction
{
    /// <summary>Page again the groups of the units that have not acknowledged.</summary>
    RepageUnacknowledged,

    /// <summary>Page further groups (mutual aid); their units join the alert's board.</summary>
    PageGroups,

    /// <summary>Page the given groups at emergency priority and raise an emergency event.</summary>
    RaiseEmergency,
}

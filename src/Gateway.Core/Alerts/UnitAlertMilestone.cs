namespace Gateway.Core.Alerts;

/// <summary>A status message recorded on the alert board: the unit is on its way, or has arrived.</summary>
public enum UnitAlertMilestone
{
    Responding,
    OnScene,
}

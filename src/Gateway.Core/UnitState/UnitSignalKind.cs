namespace Gateway.Core.UnitState;

/// <summary>What a field signal asks for.</summary>
public enum UnitSignalKind
{
    Emergency,
    CancelEmergency,
    Status,
}

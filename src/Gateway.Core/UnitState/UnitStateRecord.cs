using Gateway.Core.Identity;

namespace Gateway.Core.UnitState;

/// <summary>What is kept per unit across restarts: its current status and its open emergency (either may be absent).</summary>
public sealed record UnitStateRecord(UnitId Unit, UnitStatus? Status, UnitEmergency? Emergency);

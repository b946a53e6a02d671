namespace Gateway.Core.Positions;

/// <summary>A last position as seen now: how old it is, and whether it is older than the configured age (stale).</summary>
public sealed record UnitPositionStatus(UnitPosition Position, TimeSpan Age, bool Stale);

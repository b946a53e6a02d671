namespace Gateway.Core.UnitState;

/// <summary>A unit's current status (a name from <c>Gateway:Statuses</c>), when it was reported and through what.</summary>
public sealed record UnitStatus(string Name, DateTimeOffset At, string Source, string? Note);

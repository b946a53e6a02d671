using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>One entry of an alert's history: a state change, an acknowledgement (also duplicate or late), an escalation step.</summary>
public sealed record AlertHistoryEntry(string AlertId, DateTimeOffset At, string Kind, UnitId? Unit, string? Detail);

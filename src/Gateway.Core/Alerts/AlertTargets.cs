namespace Gateway.Core.Alerts;

/// <summary>
/// Who is paged: every unit of the talk groups and the named units; with <see cref="OnDutyOnly"/> only those on duty.
/// <see cref="Nearest"/> adds the nearest on-duty units of an incident location, paged through a temporary talk group.
/// </summary>
public sealed record AlertTargets(IReadOnlyList<string> TalkGroups, IReadOnlyList<string> Units, bool OnDutyOnly, NearestUnitsTarget? Nearest = null);

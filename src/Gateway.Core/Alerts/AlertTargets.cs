namespace Gateway.Core.Alerts;

/// <summary>Who is paged: every unit of the talk groups and the named units; with <see cref="OnDutyOnly"/> only those on duty.</summary>
public sealed record AlertTargets(IReadOnlyList<string> TalkGroups, IReadOnlyList<string> Units, bool OnDutyOnly);

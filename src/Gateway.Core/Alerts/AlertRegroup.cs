using Gateway.Core.Identity;

namespace Gateway.Core.Alerts;

/// <summary>
/// A nearest-units alert's dynamic regroup: the temporary talk group the alert is played in, and the units resolved into
/// it (nearest first). Part of the alert record; the group itself exists only while the alert is open.
/// </summary>
public sealed record AlertRegroup(TalkGroupId Group, IReadOnlyList<NearestUnit> Units)
{
    /// <summary>Temporary group ids are this prefix plus the alert id; the API refuses to create or change such groups.</summary>
    public const string GroupPrefix = "regroup-";

    public static bool IsTemporary(TalkGroupId group) => group.Value.StartsWith(GroupPrefix, StringComparison.Ordinal);
}

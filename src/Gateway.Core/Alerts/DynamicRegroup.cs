using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;

namespace Gateway.Core.Alerts;

/// <summary>
/// Temporary talk groups for nearest-units alerts. An endpoint may belong to several groups, so the picked units'
/// online endpoints are attached to the temporary group in addition to their own groups (they keep hearing those);
/// removing the group detaches them again and leaves their other memberships untouched. The group lives only in the
/// switchboard (never in the run-time group store), and its id carries <see cref="Prefix"/> so leftovers are recognisable.
/// </summary>
internal sealed class DynamicRegroup
{
    public const string Prefix = AlertRegroup.GroupPrefix;

    private readonly ISwitchboard _switchboard;
    private readonly IUnitDirectory _units;

    public DynamicRegroup(ISwitchboard switchboard, IUnitDirectory units)
    {
        _switchboard = switchboard;
        _units = units;
    }

    public static TalkGroupId GroupFor(string alertId) => new(Prefix + alertId);

    public static bool IsRegroup(TalkGroupId group) => AlertRegroup.IsTemporary(group);

    /// <summary>Creates (or re-creates, after a restart) the alert's group with the units' endpoints that are online now.</summary>
    public AlertRegroup Create(string alertId, IEnumerable<(UnitId Unit, double DistanceMetres)> units)
    {
        var group = GroupFor(alertId);

        // Short hang time: the group exists for the page and the replies to it, not for a conversation.
        _switchboard.UpsertTalkGroup(TalkGroupSettings.Default(group, "Nearest units for " + alertId) with { HangTime = TimeSpan.FromSeconds(1) });
        var resolved = new List<NearestUnit>();
        foreach (var (unit, distance) in units)
        {
            var attached = new List<EndpointId>();
            foreach (var endpoint in _units.Find(unit)?.OnlineEndpoints ?? [])
            {
                if (_switchboard.AttachRegistered(endpoint, group))
                {
                    attached.Add(endpoint);
                }
            }

            resolved.Add(new NearestUnit(unit, distance, attached));
        }

        return new AlertRegroup(group, resolved);
    }

    public bool Dissolve(TalkGroupId group) => _switchboard.RemoveTalkGroup(group);

    /// <summary>Temporary groups that belong to none of <paramref name="live"/> (left over from an alert that ended while the gateway was down).</summary>
    public IReadOnlyList<TalkGroupId> Leftovers(IReadOnlyCollection<TalkGroupId> live) =>
        [.. _switchboard.TalkGroups.Select(g => g.Settings.Id).Where(g => IsRegroup(g) && !live.Contains(g))];
}

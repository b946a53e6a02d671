using Gateway.Core.Identity;

namespace Gateway.Core.Units;

/// <summary>
/// Units (people/teams) and their live state: on duty or not, last seen, which endpoints carry them.
/// Configured units are loaded at start; check-in/out and presence come from the API and connectors.
/// Every change is published on the event bus (<see cref="Events.UnitDutyChanged"/>, <see cref="Events.UnitPresenceChanged"/>).
/// </summary>
public interface IUnitDirectory
{
    IReadOnlyList<UnitInfo> Units { get; }

    UnitInfo? Find(UnitId id);

    /// <summary>Finds the unit whose Mumble user name / DTMF id / selcall matches (connectors identify talkers with it).</summary>
    UnitInfo? FindByIdentity(UnitIdentityKind kind, string value);

    UnitInfo Upsert(UnitSettings settings);

    /// <summary>On-duty registration. Returns the updated unit, or null when the unit is unknown.</summary>
    UnitInfo? CheckIn(UnitId id, string? location, string? note, string source);

    UnitInfo? CheckOut(UnitId id, string? note, string source);

    /// <summary>A connector saw the unit (online) or lost it (offline) on an endpoint.</summary>
    void ReportPresence(UnitId id, Identity.EndpointId endpoint, bool online);
}

public enum UnitIdentityKind
{
    MumbleUser,
    DtmfId,
    SelCall,
}

public sealed record UnitSettings(UnitId Id, string Name, IReadOnlyList<TalkGroupId> TalkGroups, string? MumbleUser, string? SelCall, string? DtmfId)
{
    /// <summary>The groups paged when this unit reports <c>need_backup</c> (empty: <c>Gateway:Alerts:MutualAidTalkGroups</c>).</summary>
    public IReadOnlyList<TalkGroupId> MutualAidTalkGroups { get; init; } = [];
}

public sealed record UnitInfo(
    UnitSettings Settings,
    bool OnDuty,
    DateTimeOffset? DutySince,
    string? Location,
    string? Note,
    DateTimeOffset? LastSeen,
    IReadOnlyList<EndpointId> OnlineEndpoints);

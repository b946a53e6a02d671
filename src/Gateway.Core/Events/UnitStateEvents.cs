using Gateway.Core.Identity;

namespace Gateway.Core.Events;

// Unit-initiated events: emergencies raised from the field (or gRPC) and status messages (Events.Subscribe, storage, logs).

/// <summary>A unit raised an emergency in a talk group (from DTMF, 5-tone, a text keyword or gRPC: <see cref="Source"/>).</summary>
public sealed record EmergencyRaised(
    DateTimeOffset Time,
    UnitId Unit,
    TalkGroupId Group,
    string Source,
    string? Note,
    double? Latitude,
    double? Longitude) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

/// <summary>The unit cancelled its own emergency within the grace period (a false alarm).</summary>
public sealed record EmergencyCancelled(DateTimeOffset Time, UnitId Unit, TalkGroupId Group, string Source) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

/// <summary>A dispatcher cleared the unit's emergency (<c>Units.ClearEmergency</c>).</summary>
public sealed record EmergencyCleared(DateTimeOffset Time, UnitId Unit, TalkGroupId Group, string ClearedBy, string? Note) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

/// <summary>A unit reported a status (on_scene, need_backup...); <see cref="Previous"/> is null for the first one.</summary>
public sealed record UnitStatusChanged(DateTimeOffset Time, UnitId Unit, string Status, string? Previous, string Source, string? Note) : GatewayEvent(Time);

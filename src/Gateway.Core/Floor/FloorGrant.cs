using Gateway.Core.Identity;

namespace Gateway.Core.Floor;

/// <summary>A granted transmission: the call it belongs to and when it began.</summary>
public sealed record FloorGrant(TalkGroupId TalkGroup, CallId Call, long TransmissionNumber, Talker Talker, Priority Priority, DateTimeOffset GrantedAt);

/// <summary>Who holds a group's floor right now.</summary>
public sealed record FloorHolder(Talker Talker, Priority Priority, DateTimeOffset Since);

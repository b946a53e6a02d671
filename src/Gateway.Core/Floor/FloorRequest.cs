using Gateway.Core.Identity;

namespace Gateway.Core.Floor;

/// <summary>A request to talk in a talk group.</summary>
/// <param name="TalkGroup">The group (or any group of a patch: the floor spans the patch).</param>
/// <param name="Talker">Who asks: endpoint, unit, display name.</param>
/// <param name="Priority">The talk priority; a strictly higher one pre-empts the holder.</param>
public sealed record FloorRequest(TalkGroupId TalkGroup, Talker Talker, Priority Priority);

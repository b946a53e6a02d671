using Gateway.Core.Identity;

namespace Gateway.Connectors.Mumble;

/// <summary>One Mumble channel session as the connector reports it.</summary>
public sealed record MumbleEndpointInfo(EndpointId Endpoint, TalkGroupId TalkGroup, string ChannelPath, string UserName, bool Joined);

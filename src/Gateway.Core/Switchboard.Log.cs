using Gateway.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Gateway.Core;

public sealed partial class Switchboard
{
    [LoggerMessage(EventId = 1201, EventName = "TalkGroupCreated", Level = LogLevel.Information, Message = "Talk group {TalkGroupId} ({Name}) created")]
    private static partial void LogGroupCreated(ILogger logger, TalkGroupId talkGroupId, string name);

    [LoggerMessage(EventId = 1202, EventName = "TalkGroupUpdated", Level = LogLevel.Information, Message = "Talk group {TalkGroupId} updated")]
    private static partial void LogGroupUpdated(ILogger logger, TalkGroupId talkGroupId);

    [LoggerMessage(EventId = 1203, EventName = "TalkGroupRemoved", Level = LogLevel.Information, Message = "Talk group {TalkGroupId} removed")]
    private static partial void LogGroupRemoved(ILogger logger, TalkGroupId talkGroupId);

    [LoggerMessage(EventId = 1204, EventName = "Patched", Level = LogLevel.Information, Message = "Patch {PatchId} links {TalkGroups}")]
    private static partial void LogPatched(ILogger logger, PatchId patchId, string talkGroups);

    [LoggerMessage(EventId = 1205, EventName = "Unpatched", Level = LogLevel.Information, Message = "Patch {PatchId} dissolved")]
    private static partial void LogUnpatched(ILogger logger, PatchId patchId);

    [LoggerMessage(EventId = 1206, EventName = "EndpointAttached", Level = LogLevel.Information, Message = "Endpoint {EndpointId} attached to {TalkGroupId}")]
    private static partial void LogAttached(ILogger logger, EndpointId endpointId, TalkGroupId talkGroupId);

    [LoggerMessage(EventId = 1207, EventName = "EndpointDetached", Level = LogLevel.Information, Message = "Endpoint {EndpointId} detached from {TalkGroupId}")]
    private static partial void LogDetached(ILogger logger, EndpointId endpointId, TalkGroupId talkGroupId);

    [LoggerMessage(EventId = 1208, EventName = "EndpointState", Level = LogLevel.Information, Message = "Endpoint {EndpointId} online={Online}: {Reason}")]
    private static partial void LogEndpointState(ILogger logger, EndpointId endpointId, bool online, string reason);
}

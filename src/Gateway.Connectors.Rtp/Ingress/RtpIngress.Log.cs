using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp.Ingress;

internal sealed partial class RtpIngress
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "RTP endpoint {EndpointId}: floor request in {TalkGroupId} failed")]
    private static partial void LogFloorRequestFailed(ILogger logger, EndpointId endpointId, TalkGroupId talkGroupId, Exception error);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Debug, Message = "RTP endpoint {EndpointId}: talk spurt in {TalkGroupId}, floor {Outcome}")]
    private static partial void LogFloorOutcome(ILogger logger, EndpointId endpointId, TalkGroupId talkGroupId, FloorOutcomeKind outcome);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Information, Message = "RTP endpoint {EndpointId}: DTMF digit {Digit}")]
    private static partial void LogDtmf(ILogger logger, EndpointId endpointId, char digit);
}

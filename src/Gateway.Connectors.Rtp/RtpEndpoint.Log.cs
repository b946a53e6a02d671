using System.Net;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp;

public sealed partial class RtpEndpoint
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "RTP endpoint {EndpointId} listening on {Local} in {TalkGroupId} ({Profile})")]
    private static partial void LogStarted(ILogger logger, EndpointId endpointId, IPEndPoint local, TalkGroupId talkGroupId, CodecProfile profile);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "RTP endpoint {EndpointId} stopped")]
    private static partial void LogStopped(ILogger logger, EndpointId endpointId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "RTP endpoint {EndpointId} dropped a {Length}-byte datagram: {Reason}")]
    private static partial void LogDropped(ILogger logger, EndpointId endpointId, RtpDropReason reason, int length);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "RTP endpoint {EndpointId}: play-out tick failed")]
    private static partial void LogPlayoutFault(ILogger logger, EndpointId endpointId, Exception error);
}

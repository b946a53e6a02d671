using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Serial;

public sealed partial class RadioEndpoint
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, EventName = "RadioKeyed", Level = LogLevel.Information, Message = "Radio {EndpointId} keyed ({Method}, {Reason})")]
        public static partial void Keyed(ILogger logger, EndpointId endpointId, string method, string reason);

        [LoggerMessage(EventId = 8002, EventName = "RadioUnkeyed", Level = LogLevel.Information, Message = "Radio {EndpointId} unkeyed ({Method}, {Reason}, timed out: {TimedOut})")]
        public static partial void Unkeyed(ILogger logger, EndpointId endpointId, string method, string reason, bool timedOut);

        [LoggerMessage(EventId = 8003, EventName = "RadioUnkeyFailed", Level = LogLevel.Error, Message = "Radio {EndpointId}: could not send unkey ({Method}); relying on the port closing and the radio's own time-out timer")]
        public static partial void UnkeyFailed(ILogger logger, Exception exception, EndpointId endpointId, string method);

        [LoggerMessage(EventId = 8004, EventName = "RadioUnkeyNotConfirmed", Level = LogLevel.Error, Message = "Radio {EndpointId} did not confirm receive after unkey ({Method})")]
        public static partial void UnkeyNotConfirmed(ILogger logger, EndpointId endpointId, string method);

        [LoggerMessage(EventId = 8005, EventName = "RadioSquelchOpened", Level = LogLevel.Debug, Message = "Radio {EndpointId} squelch open (confirmed after {ConfirmMs} ms)")]
        public static partial void SquelchOpened(ILogger logger, EndpointId endpointId, long confirmMs);

        [LoggerMessage(EventId = 8006, EventName = "RadioSquelchClosed", Level = LogLevel.Debug, Message = "Radio {EndpointId} squelch closed")]
        public static partial void SquelchClosed(ILogger logger, EndpointId endpointId);

        [LoggerMessage(EventId = 8007, EventName = "RadioFloorRequested", Level = LogLevel.Information, Message = "Radio {EndpointId} requested the floor at {Priority}: {Outcome}")]
        public static partial void FloorRequested(ILogger logger, EndpointId endpointId, Priority priority, FloorOutcomeKind outcome);

        [LoggerMessage(EventId = 8008, EventName = "RadioFloorReleased", Level = LogLevel.Information, Message = "Radio {EndpointId} released the floor")]
        public static partial void FloorReleased(ILogger logger, EndpointId endpointId);

        [LoggerMessage(EventId = 8009, EventName = "RadioFloorLost", Level = LogLevel.Information, Message = "Radio {EndpointId} lost the floor: {Kind} {Reason}")]
        public static partial void FloorLost(ILogger logger, EndpointId endpointId, FloorNoticeKind kind, TransmissionEndReason? reason);

        [LoggerMessage(EventId = 8010, EventName = "RadioPortConnected", Level = LogLevel.Information, Message = "Radio {EndpointId}: port {Port} open, PTT driven to receive")]
        public static partial void PortConnected(ILogger logger, EndpointId endpointId, string port);

        [LoggerMessage(EventId = 8011, EventName = "RadioPortLost", Level = LogLevel.Warning, Message = "Radio {EndpointId}: port {Port} lost: {Reason}")]
        public static partial void PortLost(ILogger logger, EndpointId endpointId, string port, string reason);

        [LoggerMessage(EventId = 8012, EventName = "RadioFault", Level = LogLevel.Error, Message = "Radio {EndpointId}: fault in {Where}; PTT released")]
        public static partial void Fault(ILogger logger, Exception exception, EndpointId endpointId, string where);

        [LoggerMessage(EventId = 8013, EventName = "RadioAniDecoded", Level = LogLevel.Information, Message = "Radio {EndpointId}: ANI {Identity} is unit {UnitId}")]
        public static partial void AniDecoded(ILogger logger, EndpointId endpointId, string identity, UnitId unitId);

        [LoggerMessage(EventId = 8014, EventName = "RadioAniUnknown", Level = LogLevel.Warning, Message = "Radio {EndpointId}: ANI {Identity} matches no unit")]
        public static partial void AniUnknown(ILogger logger, EndpointId endpointId, string identity);
    }
}

using Gateway.Api.Mapping;
using Gateway.Api.V1;
using Gateway.Core.Events;
using UnitEmergency = Gateway.Core.UnitState.UnitEmergency;
using UnitStatus = Gateway.Core.UnitState.UnitStatus;

namespace Gateway.Api.UnitState;

/// <summary>Unit emergencies and status messages → gateway.v1 (the Unit fields, EmergencyEvent, UnitStatusEvent).</summary>
internal static class UnitStateProtoMapper
{
    /// <summary>Adds the unit's status and open emergency to its message.</summary>
    public static Unit WithState(Unit message, UnitStatus? status, UnitEmergency? emergency)
    {
        if (status is not null)
        {
            message.Status = status.Name;
            message.StatusAt = ProtoMapper.ToProto(status.At);
            message.StatusSource = status.Source;
        }

        if (emergency is not null)
        {
            message.Emergency = new V1.UnitEmergency
            {
                TalkGroupId = emergency.Group.Value,
                RaisedAt = ProtoMapper.ToProto(emergency.RaisedAt),
                Source = emergency.Source,
                Note = emergency.Note ?? string.Empty,
                PriorityPending = emergency.PriorityPending,
            };
            if (emergency.Latitude is { } latitude && emergency.Longitude is { } longitude)
            {
                message.Emergency.Latitude = latitude;
                message.Emergency.Longitude = longitude;
            }
        }

        return message;
    }

    public static EmergencyEvent? ToProto(GatewayEvent e)
    {
        switch (e)
        {
            case EmergencyRaised r:
                var raised = new EmergencyEvent { Type = EmergencyEventType.Raised, UnitId = r.Unit.Value, Source = r.Source, Note = r.Note ?? string.Empty };
                if (r.Latitude is { } latitude && r.Longitude is { } longitude)
                {
                    raised.Latitude = latitude;
                    raised.Longitude = longitude;
                }

                return raised;
            case EmergencyCancelled c:
                return new EmergencyEvent { Type = EmergencyEventType.Cancelled, UnitId = c.Unit.Value, Source = c.Source };
            case EmergencyCleared x:
                return new EmergencyEvent { Type = EmergencyEventType.Cleared, UnitId = x.Unit.Value, Source = x.ClearedBy, Note = x.Note ?? string.Empty };
            default:
                return null;
        }
    }

    public static UnitStatusEvent ToProto(UnitStatusChanged e) => new()
    {
        UnitId = e.Unit.Value,
        Status = e.Status,
        Previous = e.Previous ?? string.Empty,
        Source = e.Source,
        Note = e.Note ?? string.Empty,
    };
}

using Gateway.Api.V1;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;
using Google.Protobuf.WellKnownTypes;
using CoreEndpointKind = Gateway.Core.Media.EndpointKind;
using CoreEndpointState = Gateway.Core.Events.EndpointState;
using CoreHealth = Gateway.Core.Health.HealthState;
using CorePriority = Gateway.Core.Floor.Priority;
using CoreSignalKind = Gateway.Core.Events.SignalKind;
using CoreTalkGroup = Gateway.Core.TalkGroups.TalkGroupInfo;

namespace Gateway.Api.Mapping;

/// <summary>Core records → gateway.v1 messages (one direction only; requests are validated in the services).</summary>
public static class ProtoMapper
{
    public static V1.Priority ToProto(CorePriority priority) => priority switch
    {
        CorePriority.Normal => V1.Priority.Normal,
        CorePriority.Dispatcher => V1.Priority.Dispatcher,
        CorePriority.Alert => V1.Priority.Alert,
        CorePriority.Emergency => V1.Priority.Emergency,
        _ => V1.Priority.Unspecified,
    };

    public static V1.TransmissionEndReason ToProto(Core.Floor.TransmissionEndReason reason) => reason switch
    {
        Core.Floor.TransmissionEndReason.Released => V1.TransmissionEndReason.Released,
        Core.Floor.TransmissionEndReason.PreEmpted => V1.TransmissionEndReason.PreEmpted,
        Core.Floor.TransmissionEndReason.MaxTransmitTime => V1.TransmissionEndReason.MaxTransmitTime,
        Core.Floor.TransmissionEndReason.HolderLost => V1.TransmissionEndReason.HolderLost,
        Core.Floor.TransmissionEndReason.GroupRemoved => V1.TransmissionEndReason.GroupRemoved,
        Core.Floor.TransmissionEndReason.Shutdown => V1.TransmissionEndReason.Shutdown,
        _ => V1.TransmissionEndReason.Unspecified,
    };

    public static V1.EndpointKind ToProto(CoreEndpointKind kind) => kind switch
    {
        CoreEndpointKind.Memory => V1.EndpointKind.Memory,
        CoreEndpointKind.File => V1.EndpointKind.File,
        CoreEndpointKind.Rtp => V1.EndpointKind.Rtp,
        CoreEndpointKind.Mumble => V1.EndpointKind.Mumble,
        CoreEndpointKind.Serial => V1.EndpointKind.Serial,
        CoreEndpointKind.Grpc => V1.EndpointKind.Grpc,
        _ => V1.EndpointKind.Unspecified,
    };

    public static V1.EndpointState ToProto(CoreEndpointState state) => state switch
    {
        CoreEndpointState.Online => V1.EndpointState.Online,
        CoreEndpointState.Degraded => V1.EndpointState.Degraded,
        CoreEndpointState.Offline => V1.EndpointState.Offline,
        _ => V1.EndpointState.Unspecified,
    };

    public static V1.HealthState ToProto(CoreHealth state) => state switch
    {
        CoreHealth.Healthy => V1.HealthState.Healthy,
        CoreHealth.Degraded => V1.HealthState.Degraded,
        CoreHealth.Unhealthy => V1.HealthState.Unhealthy,
        _ => V1.HealthState.Unspecified,
    };

    public static Timestamp ToProto(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    public static V1.Talker ToProto(Core.Identity.Talker talker) => new()
    {
        EndpointId = talker.Endpoint.Value,
        UnitId = talker.Unit?.Value ?? string.Empty,
        DisplayName = talker.DisplayName,
    };

    public static FloorState ToProto(FloorStatus status)
    {
        var state = new FloorState
        {
            Phase = status.Phase switch
            {
                Core.Floor.FloorPhase.Idle => V1.FloorPhase.Idle,
                Core.Floor.FloorPhase.Taken => V1.FloorPhase.Taken,
                Core.Floor.FloorPhase.Hang => V1.FloorPhase.Hang,
                _ => V1.FloorPhase.Unspecified,
            },
            Since = ToProto(status.Since),
            CallId = status.Call?.Value ?? string.Empty,
            QueueLength = status.QueueLength,
        };
        if (status.Holder is { } holder)
        {
            state.Holder = ToProto(holder.Talker);
            state.Priority = ToProto(holder.Priority);
        }

        return state;
    }

    public static TalkGroup ToProto(CoreTalkGroup group, FloorStatus floor, bool runtime)
    {
        var s = group.Settings;
        var message = new TalkGroup
        {
            Id = s.Id.Value,
            Name = s.Name,
            HangTimeMs = (int)s.HangTime.TotalMilliseconds,
            MaxTransmitSeconds = (int)s.MaxTransmit.TotalSeconds,
            QueueRequests = s.QueueRequests,
            QueueTimeoutSeconds = (int)s.QueueTimeout.TotalSeconds,
            Record = s.Record,
            Floor = ToProto(floor),
            Origin = runtime ? TalkGroupOrigin.Runtime : TalkGroupOrigin.Configuration,
        };
        foreach (var e in group.Endpoints)
        {
            message.EndpointIds.Add(e.Value);
        }

        foreach (var p in group.PatchedWith)
        {
            message.PatchedWith.Add(p.Value);
        }

        return message;
    }

    public static Unit ToProto(UnitInfo unit)
    {
        var s = unit.Settings;
        var message = new Unit
        {
            Id = s.Id.Value,
            Name = s.Name,
            OnDuty = unit.OnDuty,
            Location = unit.Location ?? string.Empty,
            Note = unit.Note ?? string.Empty,
            MumbleUser = s.MumbleUser ?? string.Empty,
            Selcall = s.SelCall ?? string.Empty,
            DtmfId = s.DtmfId ?? string.Empty,
        };
        if (unit.DutySince is { } since)
        {
            message.DutySince = ToProto(since);
        }

        if (unit.LastSeen is { } seen)
        {
            message.LastSeen = ToProto(seen);
        }

        foreach (var g in s.TalkGroups)
        {
            message.TalkGroupIds.Add(g.Value);
        }

        foreach (var e in unit.OnlineEndpoints)
        {
            message.OnlineEndpointIds.Add(e.Value);
        }

        return message;
    }

    public static V1.Endpoint ToProto(EndpointInfo endpoint)
    {
        var message = new V1.Endpoint
        {
            Id = endpoint.Id.Value,
            Kind = ToProto(endpoint.Kind),
            State = ToProto(endpoint.State),
            StateReason = endpoint.StateReason,
        };
        foreach (var g in endpoint.TalkGroups)
        {
            message.TalkGroupIds.Add(g.Value);
        }

        return message;
    }

    public static EventKind KindOf(GatewayEvent e) => e switch
    {
        FloorRequested or Core.Events.FloorGranted or Core.Events.FloorQueued or Core.Events.FloorDenied
            or FloorQueueExpired or Core.Events.FloorRevoked or FloorReleased => EventKind.Floor,
        CallStarted or CallEnded => EventKind.Call,
        TalkGroupChanged => EventKind.TalkGroup,
        PatchChanged => EventKind.Patch,
        EndpointStateChanged => EventKind.Endpoint,
        UnitPresenceChanged or UnitDutyChanged => EventKind.Unit,
        SignalReceived => EventKind.Signal,
        ConnectorHealthChanged => EventKind.Connector,
        _ when Alerts.AlertEventMapper.IsAlertEvent(e) => EventKind.Alert,
        EmergencyRaised or EmergencyCancelled or EmergencyCleared => EventKind.Emergency,
        UnitStatusChanged => EventKind.UnitStatus,
        _ => EventKind.Unspecified,
    };

    /// <summary>Maps an event; null for event types this API version does not know (they are skipped, not faked).</summary>
    public static Event? ToProto(GatewayEvent e)
    {
        var message = new Event
        {
            Time = ToProto(e.Time),
            Kind = KindOf(e),
            TalkGroupId = e.TalkGroup?.Value ?? string.Empty,
        };
        switch (e)
        {
            case FloorRequested r:
                message.Floor = new FloorEvent { Type = FloorEventType.Requested, Talker = ToProto(r.Talker), Priority = ToProto(r.Priority) };
                break;
            case Core.Events.FloorGranted g:
                message.Floor = FromGrant(FloorEventType.Granted, g.Grant);
                break;
            case Core.Events.FloorQueued q:
                message.Floor = new FloorEvent { Type = FloorEventType.Queued, Talker = ToProto(q.Talker), Priority = ToProto(q.Priority), QueuePosition = q.Position };
                break;
            case Core.Events.FloorDenied d:
                message.Floor = new FloorEvent { Type = FloorEventType.Denied, Talker = ToProto(d.Talker), Priority = ToProto(d.Priority), Reason = d.Reason };
                if (d.Holder is { } holder)
                {
                    message.Floor.Holder = ToProto(holder.Talker);
                }

                break;
            case FloorQueueExpired x:
                message.Floor = new FloorEvent { Type = FloorEventType.QueueExpired, Talker = ToProto(x.Talker) };
                break;
            case Core.Events.FloorRevoked v:
                message.Floor = FromGrant(FloorEventType.Revoked, v.Grant);
                message.Floor.EndReason = ToProto(v.Reason);
                break;
            case FloorReleased rel:
                message.Floor = FromGrant(FloorEventType.Released, rel.Grant);
                message.Floor.EndReason = V1.TransmissionEndReason.Released;
                break;
            case CallStarted cs:
                message.Call = new CallEvent
                {
                    Type = CallEventType.Started,
                    CallId = cs.Call.Value,
                    FirstTalker = ToProto(cs.FirstTalker),
                    Priority = ToProto(cs.Priority),
                    StartedAt = ToProto(cs.Time),
                };
                break;
            case CallEnded ce:
                message.Call = new CallEvent
                {
                    Type = CallEventType.Ended,
                    CallId = ce.Call.Value,
                    StartedAt = ToProto(ce.StartedAt),
                    DurationMs = (long)ce.Duration.TotalMilliseconds,
                    Transmissions = ce.Transmissions,
                };
                break;
            case TalkGroupChanged tg:
                message.TalkGroup = new TalkGroupEvent { Change = tg.Change };
                break;
            case PatchChanged p:
                message.Patch = new PatchEvent { PatchId = p.Patch.Value, Active = p.Active };
                foreach (var g in p.Groups)
                {
                    message.Patch.TalkGroupIds.Add(g.Value);
                }

                break;
            case EndpointStateChanged es:
                message.Endpoint = new EndpointEvent { EndpointId = es.Endpoint.Value, State = ToProto(es.State), Reason = es.Reason };
                break;
            case UnitPresenceChanged up:
                message.Unit = new UnitEvent { Type = UnitEventType.Presence, UnitId = up.Unit.Value, EndpointId = up.Endpoint.Value, Online = up.Online };
                break;
            case UnitDutyChanged ud:
                message.Unit = new UnitEvent
                {
                    Type = UnitEventType.Duty,
                    UnitId = ud.Unit.Value,
                    OnDuty = ud.OnDuty,
                    Location = ud.Location ?? string.Empty,
                    Note = ud.Note ?? string.Empty,
                    Source = ud.Source,
                };
                break;
            case SignalReceived sr:
                message.Signal = new SignalEvent
                {
                    EndpointId = sr.Endpoint.Value,
                    UnitId = sr.Unit?.Value ?? string.Empty,
                    Kind = sr.Kind switch
                    {
                        CoreSignalKind.Dtmf => V1.SignalKind.Dtmf,
                        CoreSignalKind.SelCall => V1.SignalKind.Selcall,
                        CoreSignalKind.Text => V1.SignalKind.Text,
                        _ => V1.SignalKind.Unspecified,
                    },
                    Value = sr.Value,
                };
                break;
            case ConnectorHealthChanged ch:
                message.Connector = new ConnectorEvent { Component = ch.Component, State = ToProto(ch.State), Reason = ch.Reason };
                break;
            case EmergencyRaised or EmergencyCancelled or EmergencyCleared:
                message.Emergency = UnitState.UnitStateProtoMapper.ToProto(e);
                break;
            case UnitStatusChanged status:
                message.UnitStatus = UnitState.UnitStateProtoMapper.ToProto(status);
                break;
            default:
                if (Alerts.AlertEventMapper.ToProto(e) is not { } alert)
                {
                    return null;
                }

                message.Alert = alert;
                break;
        }

        return message;
    }

    private static FloorEvent FromGrant(FloorEventType type, FloorGrant grant) => new()
    {
        Type = type,
        Talker = ToProto(grant.Talker),
        Priority = ToProto(grant.Priority),
        CallId = grant.Call.Value,
    };
}

using Gateway.Api.Mapping;
using Gateway.Api.V1;
using AlertSnapshot = Gateway.Core.Alerts.AlertSnapshot;
using SignallingKind = Gateway.Core.Alerts.SignallingKind;
using CoreAckSource = Gateway.Core.Alerts.AckSource;
using CoreAlertState = Gateway.Core.Alerts.AlertState;
using CoreUnitAlertStatus = Gateway.Core.Alerts.UnitAlertStatus;

namespace Gateway.Api.Alerts;

/// <summary>Maps the engine's alerts to gateway.v1 messages (the board: per-unit status and the 1/3/5-minute counts).</summary>
internal static class AlertProtoMapper
{
    public static Alert ToProto(AlertSnapshot alert)
    {
        var message = new Alert
        {
            Id = alert.Id,
            State = ToProto(alert.State),
            CreatedAt = ProtoMapper.ToProto(alert.CreatedAt),
            CreatedBy = alert.CreatedBy ?? string.Empty,
            EscalationStep = alert.EscalationStep,
            Request = Echo(alert.Request),
        };
        if (alert.EndedAt is { } ended)
        {
            message.EndedAt = ProtoMapper.ToProto(ended);
        }

        message.Units.AddRange(alert.Units.Select(ToProto));
        if (alert.Regroup is { } regroup)
        {
            message.Regroup = new V1.AlertRegroup { TalkGroupId = regroup.Group.Value, Active = alert.IsOpen };
            message.Regroup.Units.AddRange(regroup.Units.Select(u => new V1.NearestUnit
            {
                UnitId = u.Unit.Value,
                DistanceM = u.DistanceMetres,
                EndpointIds = { u.Endpoints.Select(e => e.Value) },
            }));
        }

        var counts = alert.Counts;
        message.Counts = new AlertCounts
        {
            Targeted = counts.Targeted,
            Acknowledged = counts.Acknowledged,
            Within1Minute = counts.Within1Minute,
            Within3Minutes = counts.Within3Minutes,
            Within5Minutes = counts.Within5Minutes,
            Outstanding = counts.Outstanding,
        };
        return message;
    }

    public static V1.UnitAlertStatus ToProto(CoreUnitAlertStatus unit)
    {
        var message = new V1.UnitAlertStatus
        {
            UnitId = unit.Unit.Value,
            Via = unit.Via is { } via ? ToProto(via) : V1.AckSource.Unspecified,
            ResponseMs = unit.ResponseTime is { } response ? (long)response.TotalMilliseconds : 0,
            CheckedOut = unit.CheckedOutAt is not null,
            DuplicateAcks = unit.DuplicateAcks,
        };
        if (unit.NotifiedAt is { } notified)
        {
            message.NotifiedAt = ProtoMapper.ToProto(notified);
        }

        if (unit.AcknowledgedAt is { } acked)
        {
            message.AcknowledgedAt = ProtoMapper.ToProto(acked);
        }

        return message;
    }

    public static V1.AlertState ToProto(CoreAlertState state) => state switch
    {
        CoreAlertState.Pending => V1.AlertState.Pending,
        CoreAlertState.Playing => V1.AlertState.Playing,
        CoreAlertState.AwaitingAck => V1.AlertState.AwaitingAck,
        CoreAlertState.Completed => V1.AlertState.Completed,
        CoreAlertState.Escalated => V1.AlertState.Escalated,
        CoreAlertState.Expired => V1.AlertState.Expired,
        _ => V1.AlertState.Cancelled,
    };

    public static V1.AckSource ToProto(CoreAckSource via) => via switch
    {
        CoreAckSource.Grpc => V1.AckSource.Grpc,
        CoreAckSource.MumbleText => V1.AckSource.MumbleText,
        CoreAckSource.Dtmf => V1.AckSource.Dtmf,
        _ => V1.AckSource.SelcallAni,
    };

    // The request as it was understood (a clip is not echoed back: it can be large).
    private static BroadcastRequest Echo(Core.Alerts.AlertRequest request)
    {
        var echo = new BroadcastRequest
        {
            Targets = new V1.AlertTargets { OnDutyOnly = request.Targets.OnDutyOnly },
            Priority = ProtoMapper.ToProto(request.Priority),
            Text = request.Text ?? string.Empty,
            RepeatCount = request.RepeatCount,
            AckPolicy = new AckPolicy
            {
                Required = request.AckRequired,
                DeadlineSeconds = (int)(request.AckDeadline?.TotalSeconds ?? 0),
                Preset = request.EscalationPreset ?? string.Empty,
            },
        };
        echo.Targets.TalkGroupIds.AddRange(request.Targets.TalkGroups);
        echo.Targets.UnitIds.AddRange(request.Targets.Units);
        if (request.Targets.Nearest is { } nearest)
        {
            echo.Targets.Nearest = new V1.NearestUnitsTarget
            {
                Latitude = nearest.Point.Latitude,
                Longitude = nearest.Point.Longitude,
                RadiusM = nearest.RadiusMetres,
                Count = nearest.Count,
            };
        }

        foreach (var step in request.Escalation)
        {
            var message = new V1.EscalationStep
            {
                AfterSeconds = (int)step.After.TotalSeconds,
                Action = step.Action switch
                {
                    Core.Alerts.EscalationAction.RepageUnacknowledged => V1.EscalationAction.RepageUnacknowledged,
                    Core.Alerts.EscalationAction.PageGroups => V1.EscalationAction.PageGroups,
                    _ => V1.EscalationAction.RaiseEmergency,
                },
            };
            message.TalkGroupIds.AddRange(step.TalkGroups);
            echo.AckPolicy.Steps.Add(message);
        }

        if (request.Voice?.TtsText is { } text)
        {
            echo.Voice = new V1.AlertVoice { Tts = new TextToSpeech { Text = text, Voice = request.Voice.TtsVoice ?? string.Empty } };
        }

        var s = request.Signalling;
        echo.Signalling = s.Kind switch
        {
            SignallingKind.AlertTone => new Signalling { Tone = new AlertTone { Preset = s.Preset ?? string.Empty } },
            SignallingKind.Dtmf => new Signalling { Dtmf = new DtmfSignalling { Digits = s.DtmfDigits ?? string.Empty } },
            SignallingKind.SelCall => new Signalling { Selcall = new SelCall { PerUnit = s.SelCallPerUnit, Codes = { s.SelCallCodes ?? [] } } },
            SignallingKind.TwoTone => new Signalling { TwoTone = new TwoToneSequential { Codes = { (s.TwoTone ?? []).Select(c => new TwoToneCode { FirstHz = c.FirstHz, FirstMs = c.FirstMs, SecondHz = c.SecondHz, SecondMs = c.SecondMs }) } } },
            _ => new Signalling { None = new NoSignalling() },
        };
        return echo;
    }
}

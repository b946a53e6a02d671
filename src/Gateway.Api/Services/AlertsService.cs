using Gateway.Api.Alerts;
using Gateway.Api.Auth;
using Gateway.Api.Errors;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using Gateway.Core.Alerts;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Grpc.Core;
using CoreAckSource = Gateway.Core.Alerts.AckSource;

namespace Gateway.Api.Services;

/// <summary>gateway.v1.Alerts on the <see cref="AlertEngine"/>: paging, the response board, acknowledgements and cancel.</summary>
public sealed class AlertsService : V1.Alerts.AlertsBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;

    private readonly AlertEngine _engine;
    private readonly IUnitDirectory _units;

    public AlertsService(AlertEngine engine, IUnitDirectory units)
    {
        _engine = engine;
        _units = units;
    }

    public override async Task<Alert> Broadcast(BroadcastRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var core = AlertRequestMapper.ToCore(request, _engine);

        // The nearest units may be anyone's: a key limited to some talk groups cannot page them.
        if (core.Targets.Nearest is not null && !caller.AllGroups)
        {
            throw ApiErrors.PermissionDenied($"targets.nearest: key '{caller.Name}' is limited to some talk groups; nearest-units alerts need a key allowed all talk groups");
        }
        foreach (var group in core.Targets.TalkGroups.Concat(core.Escalation.SelectMany(s => s.TalkGroups)))
        {
            if (!caller.MayUse(new TalkGroupId(group)))
            {
                throw ApiErrors.PermissionDenied($"talk group '{group}' is not allowed for key '{caller.Name}'");
            }
        }

        try
        {
            var alert = await _engine.BroadcastAsync(core, caller.Name, context.CancellationToken);
            return AlertProtoMapper.ToProto(alert);
        }
        catch (AlertValidationException ex) when (ex.FailedPrecondition)
        {
            throw ApiErrors.FailedPrecondition(ex.Message);
        }
        catch (AlertValidationException ex)
        {
            throw ApiErrors.InvalidArgument(ex.Field, ex.Problem);
        }
    }

    public override Task<Alert> GetAlert(GetAlertRequest request, ServerCallContext context)
    {
        var id = Validate.Id(request.AlertId, "alert_id");
        var alert = _engine.Get(id) ?? throw ApiErrors.NotFound($"alert_id: alert '{id}' does not exist");
        return Task.FromResult(AlertProtoMapper.ToProto(alert));
    }

    public override Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var state = Validate.Enum(request.State, "state");
        var size = request.PageSize == 0 ? DefaultPageSize : Validate.Range(request.PageSize, 1, MaxPageSize, "page_size");
        var offset = 0;
        if (!string.IsNullOrEmpty(request.PageToken) && (!int.TryParse(request.PageToken, System.Globalization.CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            throw ApiErrors.InvalidArgument("page_token", "is not a token from a previous response");
        }

        var from = request.From?.ToDateTimeOffset();
        var to = request.To?.ToDateTimeOffset();
        var matching = _engine.List()
            .Where(a => (from is null || a.CreatedAt >= from) && (to is null || a.CreatedAt < to))
            .Select(AlertProtoMapper.ToProto)
            .Where(a => state == V1.AlertState.Unspecified || a.State == state)
            .ToList();
        var response = new ListAlertsResponse();
        response.Alerts.AddRange(matching.Skip(offset).Take(size));
        if (offset + size < matching.Count)
        {
            response.NextPageToken = (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Task.FromResult(response);
    }

    public override Task<AcknowledgeResponse> Acknowledge(AcknowledgeRequest request, ServerCallContext context)
    {
        var id = Validate.Id(request.AlertId, "alert_id");
        var unit = Validate.UnitId(request.UnitId);
        Validate.Text(request.Note, "note");
        if (_units.Find(unit) is null)
        {
            throw ApiErrors.NotFound($"unit_id: unit '{unit}' does not exist");
        }

        var outcome = _engine.Acknowledge(id, unit, CoreAckSource.Grpc);
        return outcome.Kind switch
        {
            AckOutcomeKind.UnknownAlert => throw ApiErrors.NotFound($"alert_id: alert '{id}' does not exist"),
            AckOutcomeKind.UnitNotTargeted => throw ApiErrors.FailedPrecondition($"unit_id: {outcome.Reason}"),
            _ => Task.FromResult(new AcknowledgeResponse { Status = AlertProtoMapper.ToProto(outcome.Status!), First = outcome.Kind == AckOutcomeKind.First }),
        };
    }

    public override Task<Alert> CancelAlert(CancelAlertRequest request, ServerCallContext context)
    {
        var id = Validate.Id(request.AlertId, "alert_id");
        var reason = Validate.Text(request.Reason, "reason");
        var alert = _engine.Cancel(id, reason is null ? $"cancelled by {context.GetCaller().Name}" : $"cancelled by {context.GetCaller().Name}: {reason}")
            ?? throw ApiErrors.NotFound($"alert_id: alert '{id}' does not exist");
        return Task.FromResult(AlertProtoMapper.ToProto(alert));
    }
}

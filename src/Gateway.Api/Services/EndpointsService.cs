using Gateway.Api.Auth;
using Gateway.Api.Endpoints;
using Gateway.Api.Errors;
using Gateway.Api.Mapping;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using Gateway.Core;
using Gateway.Core.Identity;
using Gateway.Core.Provisioning;
using Gateway.Core.Units;
using Grpc.Core;

namespace Gateway.Api.Services;

/// <summary>gateway.v1.Endpoints: run-time RTP endpoints (persisted) and the detail of any endpoint.</summary>
public sealed class EndpointsService : V1.Endpoints.EndpointsBase
{
    private readonly RuntimeRtpEndpoints _runtime;
    private readonly ISwitchboard _switchboard;
    private readonly IUnitDirectory? _units;
    private readonly UnitEndpointBindings? _bindings;

    public EndpointsService(RuntimeRtpEndpoints runtime, ISwitchboard switchboard, IUnitDirectory? units = null, UnitEndpointBindings? bindings = null)
    {
        _runtime = runtime;
        _switchboard = switchboard;
        _units = units;
        _bindings = bindings;
    }

    public override async Task<EndpointDetail> CreateRtpEndpoint(CreateRtpEndpointRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var definition = RtpEndpointMapper.ToDefinition(request.Settings) with { Unit = UnitOf(request.UnitId) };
        if (!caller.MayUse(new TalkGroupId(definition.TalkGroup)))
        {
            throw ApiErrors.PermissionDenied($"API key '{caller.Name}' is not allowed to use talk group '{definition.TalkGroup}'");
        }

        var manager = _runtime.Manager ?? throw NoConnector();
        RtpEndpointStatus status;
        try
        {
            status = await _runtime.CreateAsync(manager, definition, context.CancellationToken);
        }
        catch (EndpointProvisioningException ex)
        {
            throw ex.Failure switch
            {
                ProvisioningFailure.IdInUse => ApiErrors.AlreadyExists($"{RtpEndpointMapper.Prefix}id: {ex.Message}"),
                ProvisioningFailure.UnknownTalkGroup => ApiErrors.NotFound($"{RtpEndpointMapper.Prefix}talk_group_id: {ex.Message}"),
                ProvisioningFailure.PortInUse => ApiErrors.FailedPrecondition($"{RtpEndpointMapper.Prefix}listen: {ex.Message}"),
                _ => ApiErrors.InvalidArgument(RtpEndpointMapper.FieldOf(ex.Field), ex.Message),
            };
        }

        return Detail(new EndpointId(definition.Id), status);
    }

    public override async Task<DeleteEndpointResponse> DeleteEndpoint(DeleteEndpointRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var id = new EndpointId(Validate.Reference(request.EndpointId, "endpoint_id"));
        var manager = _runtime.Manager;
        if (manager?.IsConfigured(id) == true)
        {
            throw ApiErrors.FailedPrecondition($"endpoint_id: endpoint '{id}' is defined in the configuration file; remove it there");
        }

        if (manager?.Find(id) is { } running && !caller.MayUse(new TalkGroupId(running.Definition.TalkGroup)))
        {
            throw ApiErrors.PermissionDenied($"API key '{caller.Name}' is not allowed to use talk group '{running.Definition.TalkGroup}'");
        }

        if (!await _runtime.DeleteAsync(manager, id, context.CancellationToken))
        {
            throw _switchboard.FindEndpoint(id) is not null
                ? ApiErrors.FailedPrecondition($"endpoint_id: endpoint '{id}' was not created through the API and cannot be deleted through it")
                : ApiErrors.NotFound($"endpoint_id: endpoint '{id}' does not exist");
        }

        return new DeleteEndpointResponse();
    }

    public override Task<EndpointDetail> GetEndpoint(GetEndpointRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var id = new EndpointId(Validate.Reference(request.EndpointId, "endpoint_id"));
        var status = _runtime.Manager?.Find(id);
        var detail = Detail(id, status);
        if (!caller.AllGroups && !detail.Endpoint.TalkGroupIds.Any(g => caller.MayUse(new TalkGroupId(g))))
        {
            throw ApiErrors.PermissionDenied($"API key '{caller.Name}' is not allowed to see endpoint '{id}' (none of its talk groups is allowed)");
        }

        return Task.FromResult(detail);
    }

    /// <summary>The create request's unit: empty = none; otherwise a known unit (NOT_FOUND) that the endpoint can join.</summary>
    private string? UnitOf(string? unitId)
    {
        if (string.IsNullOrWhiteSpace(unitId))
        {
            return null;
        }

        var unit = new UnitId(Validate.Id(unitId, "unit_id"));
        if (_units?.Find(unit) is null)
        {
            throw ApiErrors.NotFound($"unit_id: unit '{unit}' does not exist");
        }

        return unit.Value;
    }

    private EndpointDetail Detail(EndpointId id, RtpEndpointStatus? status)
    {
        var info = _switchboard.FindEndpoint(id);
        if (info is null && status is null)
        {
            throw ApiErrors.NotFound($"endpoint_id: endpoint '{id}' does not exist");
        }

        var detail = new EndpointDetail();
        if (info is not null)
        {
            detail.Endpoint = ProtoMapper.ToProto(info);
        }
        else
        {
            // Running but detached (its talk group was deleted): still report what it is.
            detail.Endpoint = new V1.Endpoint { Id = id.Value, Kind = V1.EndpointKind.Rtp, State = V1.EndpointState.Offline, StateReason = "not attached to a talk group" };
        }

        if (_bindings?.UnitOf(id) is { } unit)
        {
            detail.UnitId = unit.Value;
        }

        if (status is not null)
        {
            detail.Origin = RtpEndpointMapper.ToProto(status.Origin);
            detail.Rtp = RtpEndpointMapper.ToProto(status.Definition);
            detail.RtpStatistics = RtpEndpointMapper.ToProto(status);
        }

        return detail;
    }

    private static RpcException NoConnector() =>
        ApiErrors.FailedPrecondition("this gateway runs without the RTP connector; RTP endpoints cannot be created");
}

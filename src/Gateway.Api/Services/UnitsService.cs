using Gateway.Api.Auth;
using Gateway.Api.Errors;
using Gateway.Api.Mapping;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using Gateway.Core;
using Gateway.Core.Units;
using Grpc.Core;

namespace Gateway.Api.Services;

/// <summary>gateway.v1.Units: units and duty state from <see cref="IUnitDirectory"/>, endpoints from <see cref="ISwitchboard"/>.</summary>
public sealed class UnitsService : V1.Units.UnitsBase
{
    private readonly IUnitDirectory _units;
    private readonly ISwitchboard _switchboard;

    public UnitsService(IUnitDirectory units, ISwitchboard switchboard)
    {
        _units = units;
        _switchboard = switchboard;
    }

    public override Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var group = Validate.OptionalId(request.TalkGroupId, "talk_group_id");
        var response = new ListUnitsResponse();
        foreach (var unit in _units.Units)
        {
            if (request.OnDutyOnly && !unit.OnDuty)
            {
                continue;
            }

            if (group is not null && !unit.Settings.TalkGroups.Any(g => g.Value == group))
            {
                continue;
            }

            if (!Visible(caller, unit))
            {
                continue;
            }

            response.Units.Add(ProtoMapper.ToProto(unit));
        }

        return Task.FromResult(response);
    }

    public override Task<Unit> GetUnit(GetUnitRequest request, ServerCallContext context) =>
        Task.FromResult(ProtoMapper.ToProto(Find(context.GetCaller(), Validate.UnitId(request.UnitId))));

    public override Task<Unit> CheckIn(CheckInRequest request, ServerCallContext context)
    {
        var id = Validate.UnitId(request.UnitId);
        var location = Validate.Text(request.Location, "location");
        var note = Validate.Text(request.Note, "note");
        Find(context.GetCaller(), id);
        var unit = _units.CheckIn(id, location, note, "grpc:" + context.GetCaller().Name)
            ?? throw ApiErrors.NotFound($"unit_id: unit '{id}' does not exist");
        return Task.FromResult(ProtoMapper.ToProto(unit));
    }

    public override Task<Unit> CheckOut(CheckOutRequest request, ServerCallContext context)
    {
        var id = Validate.UnitId(request.UnitId);
        var note = Validate.Text(request.Note, "note");
        Find(context.GetCaller(), id);
        var unit = _units.CheckOut(id, note, "grpc:" + context.GetCaller().Name)
            ?? throw ApiErrors.NotFound($"unit_id: unit '{id}' does not exist");
        return Task.FromResult(ProtoMapper.ToProto(unit));
    }

    public override Task<ListEndpointsResponse> ListEndpoints(ListEndpointsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var group = Validate.OptionalId(request.TalkGroupId, "talk_group_id");
        var response = new ListEndpointsResponse();
        foreach (var endpoint in _switchboard.Endpoints)
        {
            if (group is not null && !endpoint.TalkGroups.Any(g => g.Value == group))
            {
                continue;
            }

            // A restricted key sees the endpoints of its groups only.
            if (!caller.AllGroups && !endpoint.TalkGroups.Any(caller.MayUse))
            {
                continue;
            }

            response.Endpoints.Add(ProtoMapper.ToProto(endpoint));
        }

        return Task.FromResult(response);
    }

    private static bool Visible(ApiCaller caller, UnitInfo unit) =>
        caller.AllGroups || unit.Settings.TalkGroups.Any(caller.MayUse);

    private UnitInfo Find(ApiCaller caller, Core.Identity.UnitId id)
    {
        var unit = _units.Find(id) ?? throw ApiErrors.NotFound($"unit_id: unit '{id}' does not exist");
        if (!Visible(caller, unit))
        {
            throw ApiErrors.PermissionDenied($"API key '{caller.Name}' is not allowed to use unit '{id}' (none of its talk groups is allowed)");
        }

        return unit;
    }
}

using Gateway.Api.Auth;
using Gateway.Api.Errors;
using Gateway.Api.Mapping;
using Gateway.Api.UnitState;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using Gateway.Core;
using Gateway.Core.Units;
using Gateway.Core.UnitState;
using Grpc.Core;

namespace Gateway.Api.Services;

/// <summary>gateway.v1.Units: units and duty state from <see cref="IUnitDirectory"/>, endpoints from <see cref="ISwitchboard"/>.</summary>
public sealed class UnitsService : V1.Units.UnitsBase
{
    private readonly IUnitDirectory _units;
    private readonly ISwitchboard _switchboard;
    private readonly UnitStateService? _state;

    public UnitsService(IUnitDirectory units, ISwitchboard switchboard, UnitStateService? state = null)
    {
        _units = units;
        _switchboard = switchboard;
        _state = state;
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

            response.Units.Add(ToProto(unit));
        }

        return Task.FromResult(response);
    }

    public override Task<Unit> GetUnit(GetUnitRequest request, ServerCallContext context) =>
        Task.FromResult(ToProto(Find(context.GetCaller(), Validate.UnitId(request.UnitId))));

    public override Task<Unit> CheckIn(CheckInRequest request, ServerCallContext context)
    {
        var id = Validate.UnitId(request.UnitId);
        var location = Validate.Text(request.Location, "location");
        var note = Validate.Text(request.Note, "note");
        Find(context.GetCaller(), id);
        var unit = _units.CheckIn(id, location, note, "grpc:" + context.GetCaller().Name)
            ?? throw ApiErrors.NotFound($"unit_id: unit '{id}' does not exist");
        return Task.FromResult(ToProto(unit));
    }

    public override Task<Unit> CheckOut(CheckOutRequest request, ServerCallContext context)
    {
        var id = Validate.UnitId(request.UnitId);
        var note = Validate.Text(request.Note, "note");
        Find(context.GetCaller(), id);
        var unit = _units.CheckOut(id, note, "grpc:" + context.GetCaller().Name)
            ?? throw ApiErrors.NotFound($"unit_id: unit '{id}' does not exist");
        return Task.FromResult(ToProto(unit));
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

    public override Task<Unit> RaiseEmergency(RaiseEmergencyRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var id = Validate.UnitId(request.UnitId);
        var group = Validate.OptionalId(request.TalkGroupId, "talk_group_id");
        var note = Validate.Text(request.Note, "note");
        if (request.HasLatitude != request.HasLongitude)
        {
            throw ApiErrors.InvalidArgument(request.HasLatitude ? "longitude" : "latitude", "give latitude and longitude together");
        }

        if (request.HasLatitude && (double.IsNaN(request.Latitude) || request.Latitude is < -90 or > 90))
        {
            throw ApiErrors.InvalidArgument("latitude", "must be between -90 and 90");
        }

        if (request.HasLongitude && (double.IsNaN(request.Longitude) || request.Longitude is < -180 or > 180))
        {
            throw ApiErrors.InvalidArgument("longitude", "must be between -180 and 180");
        }

        var unit = Find(caller, id);
        Core.Identity.TalkGroupId? target = group is null ? null : new Core.Identity.TalkGroupId(group);
        if (target is { } named && !caller.MayUse(named))
        {
            throw TalkGroupsService.Forbidden(caller, named);
        }

        // Without a group, the unit's first group this key may use (a restricted key never raises one elsewhere).
        target ??= caller.AllGroups ? null : unit.Settings.TalkGroups.FirstOrDefault(caller.MayUse);
        State.RaiseEmergency(id, target, "grpc:" + caller.Name, note,
            request.HasLatitude ? request.Latitude : null, request.HasLongitude ? request.Longitude : null);
        return Task.FromResult(ToProto(unit));
    }

    public override Task<Unit> ClearEmergency(ClearEmergencyRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var id = Validate.UnitId(request.UnitId);
        var note = Validate.Text(request.Note, "note");
        var unit = Find(caller, id);
        State.ClearEmergency(id, "grpc:" + caller.Name, note);
        return Task.FromResult(ToProto(unit));
    }

    public override Task<Unit> SetStatus(SetStatusRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var id = Validate.UnitId(request.UnitId);
        if (string.IsNullOrWhiteSpace(request.Status))
        {
            throw ApiErrors.InvalidArgument("status", $"is required; one of {string.Join(", ", State.StatusNames)}");
        }

        var note = Validate.Text(request.Note, "note");
        var unit = Find(caller, id);
        State.SetStatus(id, request.Status, "grpc:" + caller.Name, note);
        return Task.FromResult(ToProto(unit));
    }

    private UnitStateService State => _state ?? throw ApiErrors.Unimplemented("unit emergencies and status messages are not enabled on this gateway");

    private Unit ToProto(UnitInfo unit)
    {
        var message = ProtoMapper.ToProto(_units.Find(unit.Settings.Id) ?? unit);
        return _state is null ? message : UnitStateProtoMapper.WithState(message, _state.GetStatus(unit.Settings.Id), _state.GetEmergency(unit.Settings.Id));
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

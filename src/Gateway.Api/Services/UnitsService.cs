using Gateway.Api.Auth;
using Gateway.Api.Errors;
using Gateway.Api.Mapping;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using Gateway.Core;
using Gateway.Core.Positions;
using Gateway.Core.Units;
using Grpc.Core;

namespace Gateway.Api.Services;

/// <summary>
/// gateway.v1.Units: units and duty state from <see cref="IUnitDirectory"/>, last positions from
/// <see cref="IPositionRegistry"/>, endpoints from <see cref="ISwitchboard"/>.
/// </summary>
public sealed class UnitsService : V1.Units.UnitsBase
{
    private readonly IUnitDirectory _units;
    private readonly ISwitchboard _switchboard;
    private readonly IPositionRegistry _positions;

    public UnitsService(IUnitDirectory units, ISwitchboard switchboard, IPositionRegistry positions)
    {
        _units = units;
        _switchboard = switchboard;
        _positions = positions;
    }

    public override Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var group = Validate.OptionalId(request.TalkGroupId, "talk_group_id");
        var duty = Validate.Enum(request.Duty, "duty");
        if (request.OnDutyOnly && duty == DutyFilter.OffDuty)
        {
            throw ApiErrors.InvalidArgument("duty", "OFF_DUTY contradicts on_duty_only");
        }

        var near = request.Near is { } n ? (Point: GeoValidate.Point(n.Latitude, n.Longitude, "near."), Radius: GeoValidate.Radius(n.RadiusM, "near.radius_m"), n.FreshOnly) : default((GeoPoint Point, double Radius, bool FreshOnly)?);
        var matches = new List<(Unit Message, double Distance)>();
        foreach (var unit in _units.Units)
        {
            if ((request.OnDutyOnly || duty == DutyFilter.OnDuty) && !unit.OnDuty)
            {
                continue;
            }

            if (duty == DutyFilter.OffDuty && unit.OnDuty)
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

            var position = _positions.Find(unit.Settings.Id);
            var distance = 0.0;
            if (near is { } circle)
            {
                if (position is null || (circle.FreshOnly && position.Stale))
                {
                    continue;
                }

                distance = GreatCircle.DistanceMetres(circle.Point, position.Position.Point);
                if (distance > circle.Radius)
                {
                    continue;
                }
            }

            var message = ToProto(unit, position);
            if (near is not null)
            {
                message.DistanceM = distance;
            }

            matches.Add((message, distance));
        }

        var response = new ListUnitsResponse();

        // Nearest first with a circle (the order a dispatcher picks units in); by id otherwise, as the directory lists them.
        response.Units.AddRange(near is null ? matches.Select(m => m.Message) : matches.OrderBy(m => m.Distance).ThenBy(m => m.Message.Id, StringComparer.Ordinal).Select(m => m.Message));
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

    public override Task<Unit> ReportPosition(ReportPositionRequest request, ServerCallContext context)
    {
        var id = Validate.UnitId(request.UnitId);
        var point = GeoValidate.Point(request.Latitude, request.Longitude, string.Empty);
        var accuracy = GeoValidate.Accuracy(request.AccuracyM, "accuracy_m");
        DateTimeOffset? time = null;
        if (request.Time is { } t)
        {
            if (t.Seconds is < -62_135_596_800 or > 253_402_300_799 || t.Nanos is < 0 or > 999_999_999)
            {
                throw ApiErrors.InvalidArgument("time", "is not a valid timestamp");
            }

            time = t.ToDateTimeOffset();
        }

        var caller = context.GetCaller();
        var unit = Find(caller, id);
        UnitPositionStatus? status;
        try
        {
            status = _positions.Report(id, point, accuracy, time, "grpc:" + caller.Name);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // The registry's own range checks (the clock-skew limit on time) name the field as the parameter.
            throw ApiErrors.InvalidArgument(ex.ParamName ?? "position", FirstLine(ex.Message));
        }

        if (status is null)
        {
            throw ApiErrors.NotFound($"unit_id: unit '{id}' does not exist");
        }

        return Task.FromResult(ToProto(unit, status));
    }

    private Unit ToProto(UnitInfo unit) => ToProto(unit, _positions.Find(unit.Settings.Id));

    private static Unit ToProto(UnitInfo unit, UnitPositionStatus? position)
    {
        var message = ProtoMapper.ToProto(unit);
        if (position is not null)
        {
            message.Position = PositionProtoMapper.ToProto(position);
        }

        return message;
    }

    // ArgumentException appends " (Parameter 'x')" and the actual value on further lines.
    private static string FirstLine(string message)
    {
        var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.Split('\n')[0];
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

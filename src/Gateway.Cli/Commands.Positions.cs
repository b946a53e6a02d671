using System.Globalization;
using Gateway.Api.V1;
using Google.Protobuf.Collections;
using Grpc.Core;

namespace Gateway.Cli;

// Positions and nearest units: `position`, `units --near`, `page --near` and the regroup part of an alert's board.
internal sealed partial class Commands
{
    private async Task<int> PositionAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        if (_args.Positional.Count != 3)
        {
            throw new UsageException("position: give UNIT LAT LON, e.g. position patrol-3 23.1375 113.3245");
        }

        var request = new ReportPositionRequest
        {
            UnitId = _args.Positional[0],
            Latitude = Degrees(_args.Positional[1], "LAT", 90),
            Longitude = Degrees(_args.Positional[2], "LON", 180),
            AccuracyM = _args.Optional("accuracy") is { } accuracy ? Metres(accuracy, "--accuracy", allowZero: true) : 0,
        };
        _args.EnsureAllUsed(maxPositional: 3);
        var unit = await new Units.UnitsClient(invoker).ReportPositionAsync(request, headers, cancellationToken: ct);
        return _args.Json ? PrintJson([unit]) : Line($"position: {unit.Id} at {Point(unit.Position)}{(unit.Position.Stale ? " (stale)" : string.Empty)}");
    }

    private ListUnitsRequest UnitsRequest()
    {
        var request = new ListUnitsRequest();
        if (_args.Optional("near") is { } near)
        {
            var (latitude, longitude) = LatLon(near, "--near");
            request.Near = new NearFilter { Latitude = latitude, Longitude = longitude, RadiusM = Metres(_args.Required("radius"), "--radius", allowZero: false) };
        }
        else if (_args.Optional("radius") is not null)
        {
            throw new UsageException("units: --radius needs --near LAT,LON");
        }

        request.Duty = _args.Optional("duty") switch
        {
            null => DutyFilter.Unspecified,
            "on" => DutyFilter.OnDuty,
            "off" => DutyFilter.OffDuty,
            var other => throw new UsageException($"units: --duty must be on or off, not '{other}'"),
        };
        return request;
    }

    private void PrintUnits(RepeatedField<Unit> units, bool withDistance)
    {
        string[] headers = withDistance
            ? ["ID", "NAME", "DUTY", "DIST", "POSITION", "AGE", "GROUPS", "ONLINE"]
            : ["ID", "NAME", "DUTY", "SINCE", "LOCATION", "POSITION", "AGE", "GROUPS", "ONLINE"];
        Table.Print(_out, headers, units.Select(u =>
        {
            var position = u.Position is null ? string.Empty : Point(u.Position);
            var age = u.Position is null ? string.Empty : Age(u.Position);
            return withDistance
                ? new[] { u.Id, u.Name, u.OnDuty ? "on" : "off", Distance(u.DistanceM), position, age, string.Join(',', u.TalkGroupIds), string.Join(',', u.OnlineEndpointIds) }
                : [u.Id, u.Name, u.OnDuty ? "on" : "off", Time(u.DutySince), u.Location, position, age, string.Join(',', u.TalkGroupIds), string.Join(',', u.OnlineEndpointIds)];
        }));
    }

    private NearestUnitsTarget? NearestTarget()
    {
        if (_args.Optional("near") is not { } near)
        {
            return null;
        }

        var (latitude, longitude) = LatLon(near, "--near");
        return new NearestUnitsTarget
        {
            Latitude = latitude,
            Longitude = longitude,
            RadiusM = Metres(_args.Required("radius"), "--radius", allowZero: false),
            Count = _args.OptionalInt("count", 1, 100) ?? throw new UsageException("page: --count is required with --near"),
        };
    }

    /// <summary>A nearest-units alert's part of the board: the temporary group and the units with their distances.</summary>
    internal static void PrintRegroup(TextWriter output, Alert alert)
    {
        if (alert.Regroup is not { } regroup)
        {
            return;
        }

        output.WriteLine($"nearest units, paged through temporary group {regroup.TalkGroupId} ({(regroup.Active ? "active" : "dissolved")}):");
        Table.Print(output, ["UNIT", "DIST", "ENDPOINTS"], regroup.Units.Select(u => new[] { u.UnitId, Distance(u.DistanceM), string.Join(',', u.EndpointIds) }));
    }

    private static (double Latitude, double Longitude) LatLon(string text, string option)
    {
        var parts = text.Split(',');
        if (parts.Length != 2)
        {
            throw new UsageException($"{option} must be LAT,LON in decimal degrees, e.g. 23.1375,113.3245");
        }

        return (Degrees(parts[0], option + " latitude", 90), Degrees(parts[1], option + " longitude", 180));
    }

    private static double Degrees(string text, string what, double limit)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || Math.Abs(value) > limit)
        {
            throw new UsageException($"{what} must be decimal degrees from -{limit} to {limit}, not '{text}'");
        }

        return value;
    }

    private static double Metres(string text, string option, bool allowZero)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0 || (!allowZero && value == 0))
        {
            throw new UsageException($"{option} must be a number of metres{(allowZero ? string.Empty : " above 0")}, not '{text}'");
        }

        return value;
    }

    private static string Point(UnitPosition position) =>
        string.Create(CultureInfo.InvariantCulture, $"{position.Latitude:F6},{position.Longitude:F6}") + (position.AccuracyM > 0 ? string.Create(CultureInfo.InvariantCulture, $" ±{position.AccuracyM:F0} m") : string.Empty);

    private static string Age(UnitPosition position) =>
        string.Create(CultureInfo.InvariantCulture, $"{position.AgeMs / 1000} s") + (position.Stale ? " stale" : string.Empty);

    private static string Distance(double metres) =>
        metres >= 10_000 ? string.Create(CultureInfo.InvariantCulture, $"{metres / 1000:F1} km") : string.Create(CultureInfo.InvariantCulture, $"{metres:F0} m");
}

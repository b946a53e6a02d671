using System.Globalization;
using Gateway.Api.V1;
using Grpc.Core;

namespace Gateway.Cli;

// Unit emergencies and status messages: `emergency raise|clear`, `status UNIT NAME`.
internal sealed partial class Commands
{
    private async Task<int> EmergencyAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var client = new Units.UnitsClient(invoker);
        var action = _args.Positional.Count > 0 ? _args.Positional[0] : throw new UsageException("emergency: say raise or clear");
        Unit unit;
        switch (action)
        {
            case "raise":
                var raise = new RaiseEmergencyRequest
                {
                    UnitId = _args.Required("unit"),
                    TalkGroupId = _args.Optional("group") ?? string.Empty,
                    Note = _args.Optional("note") ?? string.Empty,
                };
                var lat = OptionalDouble("lat");
                var lon = OptionalDouble("lon");
                if (lat.HasValue != lon.HasValue)
                {
                    throw new UsageException("emergency: give --lat and --lon together");
                }

                if (lat is { } la && lon is { } lo)
                {
                    raise.Latitude = la;
                    raise.Longitude = lo;
                }

                _args.EnsureAllUsed(maxPositional: 1);
                unit = await client.RaiseEmergencyAsync(raise, headers, cancellationToken: ct);
                return _args.Json ? PrintJson([unit]) : Line($"emergency: {unit.Id} ({unit.Name}) in emergency in {unit.Emergency?.TalkGroupId} since {Time(unit.Emergency?.RaisedAt)}");
            case "clear":
                var clear = new ClearEmergencyRequest { UnitId = _args.Required("unit"), Note = _args.Optional("note") ?? string.Empty };
                _args.EnsureAllUsed(maxPositional: 1);
                unit = await client.ClearEmergencyAsync(clear, headers, cancellationToken: ct);
                return _args.Json ? PrintJson([unit]) : Line($"emergency: {unit.Id} ({unit.Name}) cleared");
            default:
                throw new UsageException($"emergency: unknown action '{action}' (raise or clear)");
        }
    }

    private async Task<int> StatusAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        if (_args.Positional.Count != 2)
        {
            throw new UsageException("status: give UNIT and NAME, e.g. status patrol-3 on_scene");
        }

        var request = new SetStatusRequest { UnitId = _args.Positional[0], Status = _args.Positional[1], Note = _args.Optional("note") ?? string.Empty };
        _args.EnsureAllUsed(maxPositional: 2);
        var unit = await new Units.UnitsClient(invoker).SetStatusAsync(request, headers, cancellationToken: ct);
        return _args.Json ? PrintJson([unit]) : Line($"status: {unit.Id} ({unit.Name}) {unit.Status} at {Time(unit.StatusAt)}");
    }

    private double? OptionalDouble(string name)
    {
        var text = _args.Optional(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new UsageException($"{_args.Verb}: --{name} must be a number");
    }
}

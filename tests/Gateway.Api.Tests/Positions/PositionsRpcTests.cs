using Gateway.Api.Errors;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Positions;

/// <summary>Units.ReportPosition and the ListUnits near/duty filters through the real gRPC stack (own server: positions are global).</summary>
public sealed class PositionsRpcTests : IClassFixture<GatewayServer>
{
    private const double Lat = 23.1375;
    private const double Lon = 113.3245;
    private static readonly Metadata Dispatcher = GatewayServer.Bearer(GatewayServer.DispatcherKey);
    private static readonly Metadata Observer = GatewayServer.Bearer(GatewayServer.ObserverKey);
    private static readonly Metadata NorthOnly = GatewayServer.Bearer(GatewayServer.NorthOnlyKey);
    private readonly GatewayServer _server;

    public PositionsRpcTests(GatewayServer server)
    {
        _server = server;
        var units = server.Services.GetRequiredService<IUnitDirectory>();
        foreach (var id in new[] { "geo-a", "geo-b", "geo-c", "geo-off" })
        {
            units.Upsert(new UnitSettings(new UnitId(id), id, [new TalkGroupId("bravo")], null, null, null));
        }

        units.Upsert(new UnitSettings(new UnitId("geo-stale"), "geo-stale", [new TalkGroupId("south")], null, null, null));
    }

    [Fact]
    public async Task ReportPosition_ThenGetUnit_PositionShownFresh()
    {
        var before = DateTimeOffset.UtcNow;
        var reported = await _server.Units.ReportPositionAsync(new ReportPositionRequest { UnitId = "patrol-3", Latitude = Lat, Longitude = Lon, AccuracyM = 6.5 }, Dispatcher);
        Assert.Equal((Lat, Lon, 6.5, false), (reported.Position.Latitude, reported.Position.Longitude, reported.Position.AccuracyM, reported.Position.Stale));
        Assert.InRange(reported.Position.Time.ToDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("grpc:test-dispatcher", reported.Position.Source);
        Assert.False(reported.HasDistanceM);

        var got = await _server.Units.GetUnitAsync(new GetUnitRequest { UnitId = "patrol-3" }, Observer);
        Assert.Equal(reported.Position.Time, got.Position.Time);
    }

    [Fact]
    public async Task ReportPosition_FixTenMinutesOld_MarkedStale()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        var unit = await _server.Units.ReportPositionAsync(new ReportPositionRequest { UnitId = "north-1", Latitude = 1, Longitude = 2, Time = Timestamp.FromDateTimeOffset(at) }, Dispatcher);
        Assert.True(unit.Position.Stale);
        Assert.InRange(unit.Position.AgeMs, 599_000, 700_000);
    }

    [Theory]
    [InlineData(90.5, 0, 0, 0, "latitude")]
    [InlineData(0, -180.01, 0, 0, "longitude")]
    [InlineData(0, 0, -3, 0, "accuracy_m")]
    [InlineData(0, 0, 0, 3600, "time")]
    public async Task ReportPosition_OutOfRange_InvalidArgumentNamesField(double latitude, double longitude, double accuracy, int futureSeconds, string field)
    {
        var request = new ReportPositionRequest { UnitId = "patrol-3", Latitude = latitude, Longitude = longitude, AccuracyM = accuracy };
        if (futureSeconds > 0)
        {
            request.Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(futureSeconds));
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Units.ReportPositionAsync(request, Dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(field, ex.Trailers.GetValue(ApiErrors.FieldTrailer));
        Assert.StartsWith(field + ": ", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportPosition_UnknownUnitOrWrongRole_Refused()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _server.Units.ReportPositionAsync(new ReportPositionRequest { UnitId = "ghost", Latitude = 1, Longitude = 1 }, Dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var observer = await Assert.ThrowsAsync<RpcException>(() => _server.Units.ReportPositionAsync(new ReportPositionRequest { UnitId = "patrol-3", Latitude = 1, Longitude = 1 }, Observer).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, observer.StatusCode);

        // A key limited to "north" may not move a unit of "alpha".
        var restricted = await Assert.ThrowsAsync<RpcException>(() => _server.Units.ReportPositionAsync(new ReportPositionRequest { UnitId = "patrol-3", Latitude = 1, Longitude = 1 }, NorthOnly).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, restricted.StatusCode);
    }

    [Fact]
    public async Task ListUnits_NearAndDuty_WithinRadiusNearestFirstWithDistance()
    {
        await Place("geo-a", 300, onDuty: true);
        await Place("geo-b", 100, onDuty: true);
        await Place("geo-c", 2500, onDuty: true);
        await Place("geo-off", 50, onDuty: false);

        var near = new NearFilter { Latitude = Lat, Longitude = Lon, RadiusM = 1000 };
        var all = await _server.Units.ListUnitsAsync(new ListUnitsRequest { TalkGroupId = "bravo", Near = near }, Observer);
        Assert.Equal(["geo-off", "geo-b", "geo-a"], all.Units.Select(u => u.Id));
        Assert.Equal([50.0, 100.0, 300.0], all.Units.Select(u => Math.Round(u.DistanceM, 3)));

        var onDuty = await _server.Units.ListUnitsAsync(new ListUnitsRequest { TalkGroupId = "bravo", Near = near, Duty = DutyFilter.OnDuty }, Observer);
        Assert.Equal(["geo-b", "geo-a"], onDuty.Units.Select(u => u.Id));

        var offDuty = await _server.Units.ListUnitsAsync(new ListUnitsRequest { TalkGroupId = "bravo", Duty = DutyFilter.OffDuty }, Observer);
        Assert.Equal(["geo-off"], offDuty.Units.Select(u => u.Id));
        Assert.False(offDuty.Units[0].HasDistanceM);
    }

    [Fact]
    public async Task ListUnits_NearFreshOnly_LeavesOutStalePositions()
    {
        await _server.Units.ReportPositionAsync(new ReportPositionRequest { UnitId = "geo-stale", Latitude = 10, Longitude = 10, Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) }, Dispatcher);
        var near = new NearFilter { Latitude = 10, Longitude = 10, RadiusM = 10 };

        var withStale = await _server.Units.ListUnitsAsync(new ListUnitsRequest { Near = near }, Observer);
        var unit = Assert.Single(withStale.Units);
        Assert.True(unit.Position.Stale);

        near.FreshOnly = true;
        Assert.Empty((await _server.Units.ListUnitsAsync(new ListUnitsRequest { Near = near }, Observer)).Units);
    }

    [Theory]
    [InlineData(-91, 0, 10, "near.latitude")]
    [InlineData(0, 200, 10, "near.longitude")]
    [InlineData(0, 0, 0, "near.radius_m")]
    public async Task ListUnits_BadNear_InvalidArgumentNamesField(double latitude, double longitude, double radius, string field)
    {
        var request = new ListUnitsRequest { Near = new NearFilter { Latitude = latitude, Longitude = longitude, RadiusM = radius } };
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Units.ListUnitsAsync(request, Observer).ResponseAsync);
        Assert.Equal(field, ex.Trailers.GetValue(ApiErrors.FieldTrailer));
    }

    private async Task Place(string unit, double metresNorth, bool onDuty)
    {
        var latitude = Lat + (metresNorth / (Core.Positions.GreatCircle.EarthRadiusMetres * Math.PI / 180));
        await _server.Units.ReportPositionAsync(new ReportPositionRequest { UnitId = unit, Latitude = latitude, Longitude = Lon, AccuracyM = 5 }, Dispatcher);
        if (onDuty)
        {
            await _server.Units.CheckInAsync(new CheckInRequest { UnitId = unit }, Dispatcher);
        }
        else
        {
            await _server.Units.CheckOutAsync(new CheckOutRequest { UnitId = unit }, Dispatcher);
        }
    }
}

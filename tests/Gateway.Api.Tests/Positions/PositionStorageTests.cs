using Gateway.Api.Auth;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Tests.Positions;

/// <summary>Positions with storage and configuration: kept in SQLite across a restart, Gateway:Positions honoured and validated.</summary>
public sealed class PositionStorageTests : IDisposable
{
    private const string Key = "positions-dispatcher-key-0123456789";
    private static readonly Metadata Dispatcher = GatewayServer.Bearer(Key);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gw-api-positions-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Restart_WithStorage_LastPositionRestored()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Storage keeps times to the millisecond.
        var at = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 20_000));
        await using (var first = await StartAsync())
        {
            using var channel = GrpcChannel.ForAddress(Address(first));
            await new V1.Units.UnitsClient(channel).ReportPositionAsync(new ReportPositionRequest { UnitId = "patrol-7", Latitude = 23.1375, Longitude = 113.3245, AccuracyM = 4, Time = at }, Dispatcher, cancellationToken: cts.Token);
            await first.StopAsync(cts.Token);
        }

        await using var second = await StartAsync();
        using var again = GrpcChannel.ForAddress(Address(second));
        var unit = await new V1.Units.UnitsClient(again).GetUnitAsync(new GetUnitRequest { UnitId = "patrol-7" }, Dispatcher, cancellationToken: cts.Token);
        Assert.Equal((23.1375, 113.3245, 4.0, at), (unit.Position.Latitude, unit.Position.Longitude, unit.Position.AccuracyM, unit.Position.Time));
        Assert.Equal("grpc:positions", unit.Position.Source);
        await second.StopAsync(cts.Token);
    }

    [Fact]
    public async Task StaleAfterSeconds_Configured_PositionStaleAfterThatAge()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var app = await StartAsync(new() { ["Gateway:Positions:StaleAfterSeconds"] = "60" });
        using var channel = GrpcChannel.ForAddress(Address(app));
        var units = new V1.Units.UnitsClient(channel);

        var recent = await units.ReportPositionAsync(new ReportPositionRequest { UnitId = "patrol-7", Latitude = 1, Longitude = 1, Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-30)) }, Dispatcher, cancellationToken: cts.Token);
        Assert.False(recent.Position.Stale);
        var old = await units.ReportPositionAsync(new ReportPositionRequest { UnitId = "patrol-8", Latitude = 1, Longitude = 1, Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-90)) }, Dispatcher, cancellationToken: cts.Token);
        Assert.True(old.Position.Stale);
        await app.StopAsync(cts.Token);
    }

    [Fact]
    public async Task StaleAfterSeconds_Zero_StartFailsNamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { ["Gateway:Positions:StaleAfterSeconds"] = "0" }));
        var line = Assert.Single(ex.Failures);
        Assert.StartsWith("Gateway:Positions:StaleAfterSeconds must be between 1 and 604800", line, StringComparison.Ordinal);
    }

    private async Task<WebApplication> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Grpc:ApiKeys:0:Name"] = "positions",
            ["Gateway:Grpc:ApiKeys:0:KeySha256"] = ApiKeyHash.ComputeHex(Key),
            ["Gateway:Grpc:ApiKeys:0:Roles:0"] = "dispatcher",
            ["Gateway:Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "gateway.db")}",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var app = GatewayServer.Build(_directory, null, settings, withStorage: true);
        Directory.CreateDirectory(_directory);

        // What the host does with Gateway:Units from the configuration file.
        var units = app.Services.GetRequiredService<IUnitDirectory>();
        units.Upsert(new UnitSettings(new UnitId("patrol-7"), "Patrol 7", [], null, null, null));
        units.Upsert(new UnitSettings(new UnitId("patrol-8"), "Patrol 8", [], null, null, null));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

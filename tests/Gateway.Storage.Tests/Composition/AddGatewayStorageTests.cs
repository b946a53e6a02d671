using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Gateway.Audio.Codecs;
using Gateway.Storage.Migrations;
using Gateway.Storage.Recording;
using Gateway.Storage.Repositories;
using Gateway.Storage.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Storage.Tests.Composition;

public sealed class AddGatewayStorageTests
{
    [Fact]
    public async Task Host_StartedWithCoreAndAudio_RecordsACallAndListsIt()
    {
        using var folder = new TempDirectory();
        var recordings = folder.File("recordings");
        using var host = StorageHostBuilder.Build(folder.File("gateway.db"), recordings);
        await host.StartAsync();
        var board = host.Services.GetRequiredService<ISwitchboard>();
        var group = new TalkGroupId("tianhe-sports");
        board.UpsertTalkGroup(TalkGroupSettings.Default(group) with { Record = true, HangTime = TimeSpan.FromMilliseconds(200) });
        var radio = new InMemoryEndpoint(new EndpointId("radio-1"), CodecProfile.Opus(), capture: false);
        var console = new InMemoryEndpoint(new EndpointId("console-a"), CodecProfile.Pcmu, capture: false);
        board.Attach(radio, group);
        board.Attach(console, group);
        await Wait.UntilAsync(() => board.FindTalkGroup(group)!.Endpoints.Contains(RecordingService.EndpointId));

        Assert.Equal(FloorOutcomeKind.Granted, board.RequestFloor(new FloorRequest(group, new Talker(radio.Id, new UnitId("patrol-3"), "patrol 3"), Priority.Normal)).Kind);
        for (var i = 0; i < 25; i++)
        {
            board.SubmitFrame(radio.Id, group, RecordingHarness.Speech.AsSpan(i * 960, 960), ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, Core.Media.FrameFlags.None);
        }

        board.ReleaseFloor(radio.Id, group);
        var calls = host.Services.GetRequiredService<ICallRepository>();
        await Wait.UntilAsync(async () => (await calls.ListCallsAsync(new CallQuery(group))).Calls is [{ EndedAt: not null, Recording.Complete: true }], because: "call ended and recorded");

        var call = (await calls.ListCallsAsync(new CallQuery(group))).Calls[0];
        await using (var opened = await host.Services.GetRequiredService<IRecordingStore>().OpenRecordingAsync(call.Id))
        {
            Assert.NotNull(opened);
            Assert.Equal(call.Recording!.SizeBytes, opened.Content.Length);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(500), call.Recording!.Duration);
        await host.StopAsync();
    }

    [Fact]
    public async Task Host_DatabaseFromANewerGateway_StartFailsWithSchemaVersionTooNew()
    {
        using var folder = new TempDirectory();
        var database = folder.File("gateway.db");
        using (var first = StorageHostBuilder.Build(database, folder.File("recordings")))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO schema_version (version, applied_at, description) VALUES ({SqliteSchema.LatestVersion + 1}, 0, 'newer gateway');";
            await command.ExecuteNonQueryAsync();
        }

        using var second = StorageHostBuilder.Build(database, folder.File("recordings"));
        var refused = await Assert.ThrowsAsync<SchemaVersionTooNewException>(() => second.StartAsync());
        Assert.Equal(SqliteSchema.LatestVersion + 1, refused.DatabaseVersion);
    }

    [Fact]
    public void AddGatewayStorage_BadValues_OneErrorPerKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Storage:Provider"] = "postgres",
            ["Gateway:Recording:RetentionDays"] = "-1",
            ["Gateway:Recording:MinFreeMegabytes"] = "lots",
            ["Gateway:Recording:Enabled"] = "maybe",
        }).Build();

        var failure = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddGatewayStorage(configuration));

        Assert.Contains(failure.Failures, f => f.StartsWith("Gateway:Storage:Provider:", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Gateway:Recording:RetentionDays:", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Gateway:Recording:MinFreeMegabytes:", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Gateway:Recording:Enabled:", StringComparison.Ordinal));
        Assert.Equal(4, failure.Failures.Count());
    }
}

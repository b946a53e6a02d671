using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;
using Gateway.Storage.Repositories;
using Gateway.Storage.Tests.Support;

namespace Gateway.Storage.Tests.Sqlite;

public sealed class AuditAndTopologyTests
{
    [Fact]
    public async Task Audit_EachMutationAppended_ListedNewestFirstWithWhoWhatWhenResult()
    {
        using var storage = new StorageFixture();
        var t = storage.Time.GetUtcNow();
        var mutations = new[]
        {
            new AuditEntry(t, "police-dispatch", "TalkGroups.CreateTalkGroup", "tianhe-sports", "{\"record\":true}", "OK"),
            new AuditEntry(t.AddSeconds(1), "police-dispatch", "TalkGroups.Patch", "tianhe-sports,mutual-aid", null, "OK"),
            new AuditEntry(t.AddSeconds(2), "ops-admin", "TalkGroups.DeleteTalkGroup", "unknown-group", null, "NOT_FOUND: no talk group 'unknown-group'"),
            new AuditEntry(t.AddSeconds(3), "police-dispatch", "Units.CheckIn", "patrol-3", "location=Gate 2", "OK"),
        };

        var stored = new List<AuditEntry>();
        foreach (var mutation in mutations)
        {
            stored.Add(await storage.Audit.AppendAsync(mutation));
        }

        Assert.Equal(4, stored.Select(s => s.Id).Distinct().Count());
        var all = await storage.Audit.ListAsync();
        Assert.Equal(mutations.Reverse().Select(m => (m.At, m.KeyName, m.Action, m.Target, m.Detail, m.Result)),
            all.Select(m => (m.At, m.KeyName, m.Action, m.Target, m.Detail, m.Result)));
        Assert.Single(await storage.Audit.ListAsync(keyName: "ops-admin"));
        Assert.Equal(2, (await storage.Audit.ListAsync(from: t.AddSeconds(2))).Count);
        Assert.Equal(4L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log;"));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.Audit.AppendAsync(mutations[0] with { KeyName = "" }));
    }

    [Fact]
    public async Task Topology_RunTimeGroupsUnitsEndpoints_RoundTripAndDelete()
    {
        using var storage = new StorageFixture();
        ITalkGroupRepository groups = storage.Topology;
        IUnitRepository units = storage.Topology;
        IEndpointRepository endpoints = storage.Topology;
        var sports = TalkGroupSettings.Default(new TalkGroupId("tianhe-sports"), "Tianhe Sports Centre") with { Record = true, HangTime = TimeSpan.FromMilliseconds(2500) };
        var unit = new UnitSettings(new UnitId("patrol-3"), "Sports Centre patrol 3", [sports.Id, new TalkGroupId("mutual-aid")], "patrol3", "12031", "031");
        var endpoint = new StoredEndpoint(new EndpointId("console-b"), EndpointKind.Rtp, "{\"Listen\":\"127.0.0.1:40010\"}", [sports.Id]);

        await groups.UpsertAsync(sports);
        await groups.UpsertAsync(sports with { Name = "Tianhe Sports" });
        await units.UpsertAsync(unit);
        await units.UpsertAsync(unit with { TalkGroups = [sports.Id] });
        await endpoints.UpsertAsync(endpoint);

        Assert.Equal(sports with { Name = "Tianhe Sports" }, Assert.Single(await groups.ListAsync()));
        var storedUnit = Assert.Single(await units.ListAsync());
        Assert.Equal([sports.Id], storedUnit.TalkGroups);
        Assert.Equal(("patrol3", "12031", "031"), (storedUnit.MumbleUser, storedUnit.SelCall, storedUnit.DtmfId));
        var storedEndpoint = Assert.Single(await endpoints.ListAsync());
        Assert.Equal(EndpointKind.Rtp, storedEndpoint.Kind);
        Assert.Equal(endpoint.DefinitionJson, storedEndpoint.DefinitionJson);
        Assert.Equal([sports.Id], storedEndpoint.TalkGroups);

        Assert.True(await groups.DeleteAsync(sports.Id));
        Assert.False(await groups.DeleteAsync(sports.Id));
        Assert.True(await units.DeleteAsync(unit.Id));
        Assert.True(await endpoints.DeleteAsync(endpoint.Id));
        Assert.Empty(await groups.ListAsync());
        Assert.Equal(0L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM unit_memberships;"));
        Assert.Equal(0L, await storage.ScalarAsync<long>("SELECT COUNT(*) FROM endpoint_memberships;"));
    }

    [Fact]
    public async Task Alerts_SaveStatusAndHistory_BoardSurvivesReopen()
    {
        using var storage = new StorageFixture();
        var t = storage.Time.GetUtcNow();
        var alert = new AlertRecord("alert-1", "awaiting_ack", Priority.Alert, t, t, "police-dispatch", "Fire alarm hall B", true, TimeSpan.FromMinutes(5), "{\"targets\":[\"tianhe-sports\"]}", null,
        [
            new AlertUnitStatus("alert-1", new UnitId("patrol-3"), "notified", t, null, null, null, null, null),
            new AlertUnitStatus("alert-1", new UnitId("patrol-5"), "notified", t, null, null, null, null, null),
        ]);
        await storage.Alerts.SaveAsync(alert);
        await storage.Alerts.SaveUnitStatusAsync(alert.Units[0] with { Status = "acknowledged", AcknowledgedAt = t.AddSeconds(42), AckVia = "dtmf" });
        await storage.Alerts.AppendHistoryAsync(new AlertHistoryEntry("alert-1", t.AddSeconds(42), "ack", new UnitId("patrol-3"), "dtmf 031#"));
        await storage.Alerts.AppendHistoryAsync(new AlertHistoryEntry("alert-1", t.AddSeconds(50), "ack_duplicate", new UnitId("patrol-3"), "grpc"));

        var reopened = new Gateway.Storage.Sqlite.SqliteAlertRepository(new Gateway.Storage.Sqlite.SqliteDatabase(storage.ConnectionString, storage.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        var board = await reopened.GetAsync("alert-1");

        Assert.NotNull(board);
        Assert.Equal(TimeSpan.FromMinutes(5), board.AckDeadline);
        Assert.Equal(TimeSpan.FromSeconds(42), board.Units.Single(u => u.Unit.Value == "patrol-3").ResponseTime);
        Assert.Null(board.Units.Single(u => u.Unit.Value == "patrol-5").ResponseTime);
        Assert.Equal(["ack", "ack_duplicate"], (await reopened.GetHistoryAsync("alert-1")).Select(h => h.Kind).ToArray());
        Assert.Single(await reopened.ListAsync(openOnly: true));

        await reopened.SaveAsync(board with { State = "completed", EndedAt = t.AddMinutes(1) });
        Assert.Empty(await reopened.ListAsync(openOnly: true));
        Assert.Equal("completed", (await reopened.ListAsync()).Single().State);
    }
}

using Gateway.Core.Identity;
using Gateway.Storage.Repositories;
using Gateway.Storage.Tests.Support;

namespace Gateway.Storage.Tests.Sqlite;

public sealed class CallRepositoryTests
{
    private static readonly TalkGroupId Sports = new("tianhe-sports");
    private static readonly TalkGroupId Aid = new("mutual-aid");

    [Fact]
    public async Task ListCalls_GroupAndTimeFilterWithPaging_NewestFirstWithoutGapsOrRepeats()
    {
        using var storage = new StorageFixture();
        var t0 = storage.Time.GetUtcNow();
        var expected = new List<CallId>();
        for (var i = 0; i < 25; i++)
        {
            var script = CallScript.ThreeTransmissionsOnePreEmpted(i % 5 == 0 ? Aid : Sports, t0.AddMinutes(i));
            await storage.Events.WriteBatchAsync(script.Events);
            if (i % 5 != 0 && i >= 3)
            {
                expected.Add(script.Call);
            }
        }

        expected.Reverse();
        var seen = new List<CallId>();
        string? token = null;
        do
        {
            var page = await storage.Calls.ListCallsAsync(new CallQuery(Sports, From: t0.AddMinutes(3), To: t0.AddMinutes(25), PageSize: 4, PageToken: token));
            Assert.True(page.Calls.Count <= 4);
            Assert.All(page.Calls, c => Assert.Equal(Sports, c.TalkGroup));
            Assert.All(page.Calls, c => Assert.Equal(3, c.Transmissions.Count));
            seen.AddRange(page.Calls.Select(c => c.Id));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task ListCalls_BadPageSizeOrToken_ArgumentErrorNamingTheField()
    {
        using var storage = new StorageFixture();

        var size = await Assert.ThrowsAsync<ArgumentException>(() => storage.Calls.ListCallsAsync(new CallQuery(PageSize: 0)));
        var token = await Assert.ThrowsAsync<ArgumentException>(() => storage.Calls.ListCallsAsync(new CallQuery(PageToken: "garbage")));

        Assert.Contains("page_size", size.Message, StringComparison.Ordinal);
        Assert.Contains("page_token", token.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCall_Unknown_Null()
    {
        using var storage = new StorageFixture();

        Assert.Null(await storage.Calls.GetCallAsync(new CallId("nope")));
    }
}

namespace Gateway.Connectors.Mumble.Tests.Interop;

public sealed class MurmurSmokeTests
{
    [Fact]
    public async Task TestClient_SuperUserCreatesChannel_UserJoinsIt()
    {
        await using var server = await MurmurServer.StartAsync();
        await using var admin = await TestMumbleClient.ConnectAsync(server.Port, "SuperUser", MurmurServer.SuperUserPassword);
        var tianhe = await admin.CreateChannelAsync(string.Empty, "Tianhe");
        var sports = await admin.CreateChannelAsync("Tianhe", "Sports");
        await using var user = await TestMumbleClient.ConnectAsync(server.Port, "patrol3");

        await user.JoinAsync("Tianhe/Sports");

        Assert.NotEqual(tianhe, sports);
        await Wait.UntilAsync(() => admin.SeesUser("patrol3", sports), TimeSpan.FromSeconds(5), "admin sees patrol3 in Sports");
    }
}

using System.Text.Json.Nodes;

namespace Gateway.Host.Tests.Configuration;

public sealed class PositionsConfigurationTests
{
    [Fact]
    public void Load_StaleAfterSecondsSet_NoProblems()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Positions"] = new JsonObject { ["StaleAfterSeconds"] = 120 };

        Assert.Empty(root.Problems());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(604801)]
    public void Load_StaleAfterSecondsOutOfRange_OneLineNamingTheKey(int seconds)
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Positions"] = new JsonObject { ["StaleAfterSeconds"] = seconds };

        Assert.Equal([$"Gateway:Positions:StaleAfterSeconds '{seconds}' must be between 1 and 604800 (7 days)"], root.Problems());
    }

    [Fact]
    public void Load_StaleAfterSecondsNotANumber_NamesTheKey()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Positions"] = new JsonObject { ["StaleAfterSeconds"] = "5min" };

        Assert.Equal(["Gateway:Positions:StaleAfterSeconds '5min' is not a whole number"], root.Problems());
    }
}

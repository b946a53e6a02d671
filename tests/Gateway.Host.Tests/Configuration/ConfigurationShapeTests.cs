using System.Text.Json.Nodes;

namespace Gateway.Host.Tests.Configuration;

public sealed class ConfigurationShapeTests
{
    [Fact]
    public void Load_MisspelledKey_IsUnknownWithSuggestion()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["TalkGroups"]![0]!["HangTime"] = 3000;
        root.Gateway()["Grpc"]!["Lisen"] = "http://127.0.0.1:1";

        Assert.Equal(
            [
                "Gateway:Grpc:Lisen is not a known setting (did you mean Listen?)",
                "Gateway:TalkGroups[0]:HangTime is not a known setting (did you mean HangTimeMs?)",
            ],
            root.Problems().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_ValuesOfTheWrongType_AreAllReported()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["TalkGroups"]![0]!["HangTimeMs"] = "3s";
        root.Gateway()["TalkGroups"]![1]!["Record"] = "yes";
        root.Gateway()["Units"]![0]!["TalkGroups"] = "tianhe-1";
        root.Gateway()["Grpc"]!["RequireAuth"] = new JsonObject { ["On"] = true };

        Assert.Equal(
            [
                "Gateway:Grpc:RequireAuth must be a single value, not a section",
                "Gateway:TalkGroups[0]:HangTimeMs '3s' is not a whole number",
                "Gateway:TalkGroups[1]:Record 'yes' is not true or false",
                "Gateway:Units[0]:TalkGroups 'tianhe-1' must be a list",
            ],
            root.Problems().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_UnknownKeyAndBadValues_AreReportedTogether()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["TalkGroups"]![0]!["HangTime"] = 3000;
        root.Gateway()["TalkGroups"]![1]!["Id"] = "tianhe-1";

        Assert.Equal(
            [
                "Gateway:TalkGroups[0]:HangTime is not a known setting (did you mean HangTimeMs?)",
                "Gateway:TalkGroups[1]:Id 'tianhe-1' is duplicated",
            ],
            root.Problems());
    }

    [Fact]
    public void Load_KeysInAnyCase_AreAccepted()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["talkgroups"] = root.Gateway()["TalkGroups"]!.DeepClone();
        root.Gateway().Remove("TalkGroups");

        Assert.Empty(root.Problems());
    }
}

using System.Text.Json.Nodes;

namespace Gateway.Host.Tests.Configuration;

/// <summary><c>Gateway:Emergency</c>, <c>Gateway:Statuses</c> and units' <c>MutualAidTalkGroups</c> in the host's validation.</summary>
public sealed class UnitStateConfigurationTests
{
    [Fact]
    public void Load_EmergencyStatusesAndMutualAid_AreAcceptedAndBound()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Emergency"] = new JsonObject
        {
            ["DtmfPrefix"] = "*9",
            ["CancelDtmfPrefix"] = "*0",
            ["TextKeywords"] = new JsonArray("SOS", "紧急", "mayday"),
            ["SelCallCodes"] = new JsonArray("9"),
            ["CancelGraceSeconds"] = 15,
            ["OpenMicSeconds"] = 20,
            ["TonePreset"] = "warble",
        };
        root.Gateway()["Statuses"] = new JsonArray(
            new JsonObject { ["Name"] = "on_scene", ["DtmfCode"] = "*4", ["SelCallCode"] = "4", ["Keyword"] = "到达" },
            new JsonObject { ["Name"] = "need_backup", ["DtmfCode"] = "*5", ["PageMutualAid"] = true });
        var firstGroup = root.Gateway()["TalkGroups"]![0]!["Id"]!.GetValue<string>();
        root.Gateway()["Units"]![0]!["MutualAidTalkGroups"] = new JsonArray(firstGroup);

        Assert.Empty(root.Problems());
    }

    [Fact]
    public void Load_BadEmergencyAndStatusValues_OneLineEachNamingTheKey()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Emergency"] = new JsonObject { ["DtmfPrefix"] = "", ["CancelGraceSeconds"] = -5, ["TonePreset"] = "siren" };
        root.Gateway()["Statuses"] = new JsonArray(new JsonObject { ["Name"] = "On Scene", ["DtmfCode"] = "4#" });
        root.Gateway()["Units"]![0]!["MutualAidTalkGroups"] = new JsonArray("nowhere");

        var problems = root.Problems();

        Assert.Contains("Gateway:Emergency:DtmfPrefix must not be empty", problems);
        Assert.Contains("Gateway:Emergency:CancelGraceSeconds must be between 0 and 3600 (got -5)", problems);
        Assert.Contains(problems, p => p.StartsWith("Gateway:Emergency:TonePreset 'siren' is not a tone preset", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Statuses[0]:Name must be lower-case", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Statuses[0]:DtmfCode must be 1 to 8 of", StringComparison.Ordinal));
        Assert.Contains("Gateway:Units[0]:MutualAidTalkGroups[0] 'nowhere' is not a configured talk group", problems);
        Assert.Equal(6, problems.Count);
    }

    [Fact]
    public void Load_MisspelledEmergencyKey_IsReportedNotIgnored()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Emergency"] = new JsonObject { ["CancelGraceSecs"] = 5 };

        Assert.Contains(root.Problems(), p => p.Contains("Gateway:Emergency:CancelGraceSecs", StringComparison.Ordinal));
    }
}

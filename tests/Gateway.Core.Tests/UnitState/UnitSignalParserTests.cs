using Gateway.Core.Identity;
using Gateway.Core.UnitState;

namespace Gateway.Core.Tests.UnitState;

public sealed class UnitSignalParserTests
{
    private static readonly UnitSignalParser Defaults = new(new UnitStateOptions());

    [Fact]
    public void ParseDtmf_EmergencyPrefixAndId_ReadsEmergencyWithIdentity()
    {
        var match = Assert.Single(Defaults.ParseDtmf("*9031"));
        Assert.Equal(new UnitSignalMatch(UnitSignalKind.Emergency, null, "031"), match);
    }

    [Fact]
    public void ParseDtmf_CancelPrefixSharesEmergencyPrefix_LongestCodeComesFirst()
    {
        var matches = Defaults.ParseDtmf("*99031#");

        Assert.Equal(2, matches.Count);
        Assert.Equal(new UnitSignalMatch(UnitSignalKind.CancelEmergency, null, "031"), matches[0]);
        Assert.Equal(new UnitSignalMatch(UnitSignalKind.Emergency, null, "9031"), matches[1]);
    }

    [Theory]
    [InlineData("*71031", "available")]
    [InlineData("*73031", "responding")]
    [InlineData("*74031", "on_scene")]
    [InlineData("*75031", "need_backup")]
    public void ParseDtmf_DefaultStatusCodes_ReadStatus(string sequence, string status)
    {
        var match = Assert.Single(Defaults.ParseDtmf(sequence));
        Assert.Equal(UnitSignalKind.Status, match.Kind);
        Assert.Equal(status, match.Status);
        Assert.Equal("031", match.Identity);
    }

    [Fact]
    public void ParseDtmf_AckWithoutHashRunsIntoTheEmergencyCode_TheCodeIsStillRead()
    {
        var matches = Defaults.ParseDtmf("*031*9031");

        Assert.Equal(new UnitSignalMatch(UnitSignalKind.Emergency, null, "031"), Assert.Single(matches));
    }

    [Fact]
    public void ParseDtmf_TwoCodesInOneSequence_WholeSequenceThenTheNewestTail()
    {
        var matches = Defaults.ParseDtmf("*74031*73031");

        // The whole sequence names no unit ("031*73031"), so the caller goes on to the newest code.
        Assert.Equal([("on_scene", "031*73031"), ("responding", "031")], matches.Select(m => (m.Status, m.Identity)));
    }

    [Theory]
    [InlineData("031")] // an acknowledgement (DtmfId + '#') is not ours
    [InlineData("")]
    [InlineData("12345")]
    public void ParseDtmf_NoCodeMatches_ReturnsNothing(string sequence) => Assert.Empty(Defaults.ParseDtmf(sequence));

    [Fact]
    public void ParseDtmf_PrefixOnly_LeavesIdentityEmptyForTheConnectorsUnit()
    {
        var match = Assert.Single(Defaults.ParseDtmf("*9"));
        Assert.Equal(string.Empty, match.Identity);
    }

    [Fact]
    public void ParseSelCall_DefaultStatuses_HaveNoFiveToneCodes() => Assert.Empty(Defaults.ParseSelCall("120314"));

    [Fact]
    public void ParseSelCall_UnitCodeThenStatusDigit_ReadsStatusAndUnitCode()
    {
        var parser = new UnitSignalParser(new UnitStateOptions { Statuses = [new() { Name = "on_scene", SelCallCode = "4" }, new() { Name = "available", SelCallCode = "1" }] });
        var match = Assert.Single(parser.ParseSelCall("120314"));
        Assert.Equal(new UnitSignalMatch(UnitSignalKind.Status, UnitStateOptions.OnScene, "12031"), match);
    }

    [Fact]
    public void ParseSelCall_ConfiguredEmergencyCodes_ReadEmergencyAndCancel()
    {
        var options = new UnitStateOptions { Emergency = { SelCallCodes = ["99"], CancelSelCallCodes = ["90"] }, Statuses = [new() { Name = "on_scene", SelCallCode = "4" }] };
        var parser = new UnitSignalParser(options);

        Assert.Equal(new UnitSignalMatch(UnitSignalKind.Emergency, null, "12031"), Assert.Single(parser.ParseSelCall("1203199")));
        Assert.Equal(new UnitSignalMatch(UnitSignalKind.CancelEmergency, null, "12031"), Assert.Single(parser.ParseSelCall("1203190")));
        Assert.Empty(parser.ParseSelCall("12031")); // the plain ANI at key-up is no request
    }

    [Theory]
    [InlineData("SOS", UnitSignalKind.Emergency, null, null)]
    [InlineData("  sos  ", UnitSignalKind.Emergency, null, null)]
    [InlineData("紧急", UnitSignalKind.Emergency, null, null)]
    [InlineData("SOS north gate, two injured", UnitSignalKind.Emergency, null, "north gate, two injured")]
    [InlineData("紧急：北门", UnitSignalKind.Emergency, null, "北门")]
    [InlineData("SOS cancel", UnitSignalKind.CancelEmergency, null, null)]
    [InlineData("on scene", UnitSignalKind.Status, "on_scene", null)]
    [InlineData("ON_SCENE", UnitSignalKind.Status, "on_scene", null)]
    [InlineData("need backup at gate 3", UnitSignalKind.Status, "need_backup", "at gate 3")]
    [InlineData("Responding", UnitSignalKind.Status, "responding", null)]
    public void ParseText_Keyword_ReadsKindStatusAndNote(string text, UnitSignalKind kind, string? status, string? note)
    {
        var match = Defaults.ParseText(text);

        Assert.NotNull(match);
        Assert.Equal(kind, match.Kind);
        Assert.Equal(status, match.Status);
        Assert.Equal(note, match.Note);
    }

    [Theory]
    [InlineData("SOSO")] // a keyword inside a word is chat
    [InlineData("we are on our way")]
    [InlineData("ack")]
    [InlineData("")]
    public void ParseText_OrdinaryChat_ReturnsNullAndIsNoSignal(string text)
    {
        Assert.Null(Defaults.ParseText(text));
        Assert.False(Defaults.IsSignal(text));
    }

    [Fact]
    public void Parser_ConfiguredStatuses_ReplaceTheBuiltInSet()
    {
        var parser = new UnitSignalParser(new UnitStateOptions { Statuses = [new() { Name = "at_gate", DtmfCode = "*81", Keyword = "在门口" }] });

        Assert.Equal("at_gate", Assert.Single(parser.ParseDtmf("*81031")).Status);
        Assert.Equal("at_gate", parser.ParseText("在门口")!.Status);
        Assert.Equal("at_gate", parser.ParseText("at gate")!.Status);
        Assert.Empty(parser.ParseDtmf("*74031"));
    }

    [Fact]
    public void ParseText_EmptyKeywordList_SwitchesTextEmergencyOff()
    {
        var parser = new UnitSignalParser(new UnitStateOptions { Emergency = { TextKeywords = [] } });
        Assert.Null(parser.ParseText("SOS"));
    }

    [Fact]
    public void DtmfSequenceCollector_DigitsOneByOne_CompletesOnHash()
    {
        var collector = new DtmfSequenceCollector(TimeSpan.FromSeconds(10));
        var endpoint = new EndpointId("rtp-1");
        var t = DateTimeOffset.UnixEpoch;

        foreach (var digit in "*9031")
        {
            Assert.Null(collector.Add(endpoint, digit.ToString(), t));
            t += TimeSpan.FromMilliseconds(200);
        }

        Assert.Equal("*9031", collector.Add(endpoint, "#", t));
        Assert.Null(collector.Add(endpoint, "1", t)); // starts afresh
    }

    [Fact]
    public void DtmfSequenceCollector_PauseLongerThanTimeout_ForgetsTheHalfTypedCode()
    {
        var collector = new DtmfSequenceCollector(TimeSpan.FromSeconds(10));
        var endpoint = new EndpointId("rtp-1");
        var t = DateTimeOffset.UnixEpoch;
        collector.Add(endpoint, "*9", t);

        Assert.Equal("031", collector.Add(endpoint, "031#", t + TimeSpan.FromSeconds(11)));
    }

    [Fact]
    public void DtmfSequenceCollector_TwoEndpoints_KeepSeparateSequences()
    {
        var collector = new DtmfSequenceCollector(TimeSpan.FromSeconds(10));
        var t = DateTimeOffset.UnixEpoch;
        collector.Add(new EndpointId("a"), "*9", t);
        collector.Add(new EndpointId("b"), "*74", t);

        Assert.Equal("*9031", collector.Add(new EndpointId("a"), "031#", t));
        Assert.Equal("*74032", collector.Add(new EndpointId("b"), "032#", t));
    }

    [Fact]
    public void Validate_BadValues_NameEachKey()
    {
        var options = new UnitStateOptions
        {
            Emergency = { DtmfPrefix = "*9#", CancelDtmfPrefix = "*9#", CancelGraceSeconds = -1, OpenMicSeconds = 9999, TonePreset = "siren", TextKeywords = [" "], SelCallCodes = ["9a"] },
            Statuses = [new() { Name = "On Scene" }, new() { Name = "x", DtmfCode = "*71" }, new() { Name = "x", SelCallCode = "abc" }],
        };

        var problems = options.Validate();

        Assert.Contains(problems, p => p.StartsWith("Gateway:Emergency:DtmfPrefix ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Emergency:CancelDtmfPrefix must differ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Emergency:CancelGraceSeconds ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Emergency:OpenMicSeconds ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Emergency:TonePreset ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Emergency:TextKeywords[0] ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Emergency:SelCallCodes[0] ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Statuses[0]:Name ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Statuses[2]:Name 'x' is duplicated", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Statuses[2]:SelCallCode ", StringComparison.Ordinal));
        Assert.Empty(new UnitStateOptions().Validate());
    }
}

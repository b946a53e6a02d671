using System.Text.Json.Nodes;
using Gateway.Connectors.Serial;
using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Configuration;

/// <summary>
/// The host's configuration check and the serial connector's own start-up check apply the same rules to a radio and report
/// the same line. Each case here is one the two used to disagree on: one accepted what the other refused, or both refused
/// with different words.
/// </summary>
public sealed class SerialValidationTests
{
    private const string Key = "Gateway:Connectors:Serial[0]:";
    private const string NotAPttMethod = "is not one of rts, dtr, cat-kenwood, cat-civ, none";

    public static TheoryData<string, string> Refused => new()
    {
        // The host took any positive baud rate; UARTs do 300..1000000.
        { """{ "BaudRate": 110 }""", "BaudRate '110' must be between 300 and 1000000" },
        { """{ "BaudRate": 0 }""", "BaudRate '0' must be between 300 and 1000000" },
        // The connector parsed enums, so a number was a parity, stop bits or priority.
        { """{ "Parity": "2" }""", "Parity '2' is not one of None, Odd, Even, Mark, Space" },
        { """{ "StopBits": "2" }""", "StopBits '2' is not one of One, OnePointFive, Two" },
        { """{ "StopBits": "None" }""", "StopBits 'None' is not one of One, OnePointFive, Two" },
        { """{ "Priority": "2" }""", "Priority '2' is not one of normal, dispatcher, alert, emergency" },
        // The connector trimmed the method, the host did not.
        { """{ "Ptt": { "Method": " rts" } }""", "Ptt:Method ' rts' " + NotAPttMethod },
        { """{ "Ptt": { "Method": "gpio" } }""", "Ptt:Method 'gpio' " + NotAPttMethod },
        { """{ "Squelch": { "Method": "carrier" } }""", "Squelch:Method 'carrier' is not one of cts, dsr, dcd, cat-kenwood, cat-civ, vox, always" },
        // The host took any non-negative lead and tail.
        { """{ "Ptt": { "LeadMs": 6000 } }""", "Ptt:LeadMs '6000' must be between 0 and 5000" },
        { """{ "Ptt": { "TailMs": 20000 } }""", "Ptt:TailMs '20000' must be between 0 and 10000" },
        { """{ "Ptt": { "LeadMs": -1 } }""", "Ptt:LeadMs '-1' must be between 0 and 5000" },
        // CI-V: both refused these, in different words.
        { """{ "Ptt": { "Method": "cat-civ" }, "Squelch": { "Method": "cat-civ" } }""", "Ptt:CivAddress is required for cat-civ (the radio's CI-V address in hex, e.g. 94)" },
        { """{ "Ptt": { "Method": "cat-civ", "CivAddress": "9G" }, "Squelch": { "Method": "cat-civ" } }""", "Ptt:CivAddress '9G' is not a CI-V address in hex (e.g. 94, 0x94 or 94h for the IC-7300)" },
        // The host did not see two CAT dialects on one port.
        { """{ "Ptt": { "Method": "cat-kenwood", "CivAddress": "94" }, "Squelch": { "Method": "cat-civ" } }""", "Squelch:Method 'cat-civ' must be the same CAT dialect as Ptt:Method (cat-kenwood): one port speaks one" },
        // The host only required non-negative (or positive) squelch timings.
        { """{ "Squelch": { "DebounceMs": 3000 } }""", "Squelch:DebounceMs '3000' must be between 0 and 2000" },
        { """{ "Squelch": { "PollMs": 1 } }""", "Squelch:PollMs '1' must be between 5 and 1000" },
        { """{ "Squelch": { "MinOpenMs": 6000 } }""", "Squelch:MinOpenMs '6000' must be between 0 and 5000" },
        { """{ "Squelch": { "VoxHangMs": 20000 } }""", "Squelch:VoxHangMs '20000' must be between 0 and 10000" },
        // The host did not look at the VOX threshold.
        { """{ "Squelch": { "VoxThresholdDb": 0 } }""", "Squelch:VoxThresholdDb '0' must be at least -90 and below 0 (dBFS)" },
        { """{ "Squelch": { "VoxThresholdDb": -120.5 } }""", "Squelch:VoxThresholdDb '-120.5' must be at least -90 and below 0 (dBFS)" },
        // The host took any rate 8000..192000; the resampler converts only these.
        { """{ "Audio": { "SampleRate": 22050 } }""", "Audio:SampleRate '22050' is not one of 8000, 12000, 16000, 24000, 32000, 44100, 48000" },
        { """{ "Audio": { "Capture": "" } }""", "Audio:Capture is required (an ALSA device such as plughw:CARD=Device,DEV=0, or file:PATH)" },
        // The host took any positive transmit timeout.
        { """{ "TransmitTimeoutSeconds": 7200 }""", "TransmitTimeoutSeconds '7200' must be between 1 and 3600 (the transmit watchdog cannot be disabled)" },
        { """{ "TransmitTimeoutSeconds": 0 }""", "TransmitTimeoutSeconds '0' must be between 1 and 3600 (the transmit watchdog cannot be disabled)" },
        // The host did not look at ANI at all; the connector read "1" as a 5-tone table.
        { """{ "Ani": { "Mode": "mdc1200" } }""", "Ani:Mode 'mdc1200' is not one of none, dtmf, selcall" },
        { """{ "Ani": { "SelcallStandard": "1" } }""", "Ani:SelcallStandard '1' is not one of zvei1, zvei2, ccir, eea" },
        { """{ "Ani": { "WaitMs": 9000 } }""", "Ani:WaitMs '9000' must be between 0 and 5000" },
        // Both refused a missing port for a line-keyed radio, in different words.
        { """{ "Port": "" }""", "Port is required unless Ptt:Method is none and Squelch:Method is vox or always (e.g. /dev/serial/by-id/...)" },
        { """{ "Port": "", "Ptt": { "Method": "none" } }""", "Port is required unless Ptt:Method is none and Squelch:Method is vox or always (e.g. /dev/serial/by-id/...)" },
    };

    public static TheoryData<string> Accepted => new()
    {
        // The host required a port even for a radio that keys on its own VOX and has no serial line at all.
        """{ "Port": "", "Ptt": { "Method": "none", "LeadMs": 0 }, "Squelch": { "Method": "vox", "VoxThresholdDb": -35 } }""",
        """{ "Port": "", "Ptt": { "Method": "none" }, "Squelch": { "Method": "always" } }""",
        // The host wanted exactly two hex digits; the radio manuals write 94h or 0x94.
        """{ "Ptt": { "Method": "cat-civ", "CivAddress": "0x94" }, "Squelch": { "Method": "cat-civ" } }""",
        """{ "Ptt": { "Method": "cat-civ", "CivAddress": "94h" }, "Squelch": { "Method": "cts" } }""",
        // An address nobody uses is not checked (the host refused it).
        """{ "Ptt": { "Method": "rts", "CivAddress": "not used" } }""",
        """{ "Ptt": { "Method": "RTS" }, "Squelch": { "Method": "DCD" } }""",
        """{ "Ptt": { "Method": "cat-kenwood" }, "Squelch": { "Method": "cat-kenwood" } }""",
        """{ "Ptt": { "Method": "dtr", "LeadMs": 5000, "TailMs": 10000 } }""",
        // 44.1 kHz is the common sound-card rate; the connector refused it though its resampler converts it.
        """{ "Audio": { "SampleRate": 44100 } }""",
        """{ "Audio": { "SampleRate": 8000 } }""",
        """{ "BaudRate": 1000000, "Parity": "even", "StopBits": "two", "DataBits": 7 }""",
        """{ "Squelch": { "Method": "vox", "VoxThresholdDb": -90, "PollMs": 5, "DebounceMs": 2000 } }""",
        """{ "TransmitTimeoutSeconds": 3600, "Priority": "Emergency" }""",
        """{ "Ani": { "Mode": "selcall", "SelcallStandard": "CCIR", "WaitMs": 0 } }""",
        """{ "Ani": { "Mode": "DTMF" } }""",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Validate_SerialSettingBreakingARule_HostAndConnectorReportTheSameLine(string change, string expected)
    {
        var root = Change(change);

        Assert.Equal([Key + expected], root.Problems());
        Assert.Equal([Key + expected], ConnectorProblems(root));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_SerialSettingWithinTheRules_AcceptedByHostAndConnector(string change)
    {
        var root = Change(change);

        Assert.Empty(root.Problems());
        Assert.Empty(ConnectorProblems(root));
    }

    [Fact]
    public void Validate_VoxOnlyRadioWithoutPort_ConnectorNeedsNoPort()
    {
        var root = Change("""{ "Port": "", "Ptt": { "Method": "none" }, "Squelch": { "Method": "vox" } }""");
        var options = GatewayOptionsLoader.Bind(root.ToConfiguration().GetSection("Gateway"));

        var settings = RadioSettings.Create(options.Connectors.Serial[0]);

        Assert.False(settings.NeedsPort);
        Assert.Equal("none", settings.PttMethod);
    }

    [Fact]
    public void Validate_TwoRadiosOnOnePort_OnlyTheHostCanTell()
    {
        var root = SampleConfiguration.Valid();
        root.Gateway()["Connectors"]!["Serial"]!.AsArray().Add(SecondRadio("/dev/ttyUSB0", "rts", "cts"));

        Assert.Equal(["Gateway:Connectors:Serial[1]:Port '/dev/ttyUSB0' is already used by Gateway:Connectors:Serial[0]:Port"], root.Problems());
        Assert.Empty(ConnectorProblems(root));
    }

    [Fact]
    public void Validate_VoxOnlyRadioNamingAnotherRadiosPort_AcceptedByHostAndConnector()
    {
        // It never opens the port, so it cannot fight the first radio for it.
        var root = SampleConfiguration.Valid();
        root.Gateway()["Connectors"]!["Serial"]!.AsArray().Add(SecondRadio("/dev/ttyUSB0", "none", "vox"));

        Assert.Empty(root.Problems());
        Assert.Empty(ConnectorProblems(root));
    }

    private static JsonObject SecondRadio(string port, string ptt, string squelch) => new()
    {
        ["Id"] = "radio-2",
        ["TalkGroup"] = "tianhe-sports",
        ["Port"] = port,
        ["Ptt"] = new JsonObject { ["Method"] = ptt },
        ["Squelch"] = new JsonObject { ["Method"] = squelch },
        ["Audio"] = new JsonObject { ["Capture"] = "plughw:2,0", ["Playback"] = "plughw:2,0" },
    };

    private static JsonObject Change(string change)
    {
        var root = SampleConfiguration.Valid();
        Merge(root.Gateway()["Connectors"]!["Serial"]![0]!.AsObject(), JsonNode.Parse(change)!.AsObject());
        return root;
    }

    /// <summary>Sets each changed value, keeping the radio's other settings inside a changed section (Ptt, Squelch...).</summary>
    private static void Merge(JsonObject target, JsonObject change)
    {
        foreach (var (name, value) in change)
        {
            if (value is JsonObject section && target[name] is JsonObject existing)
            {
                Merge(existing, section);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    /// <summary>What the serial connector's start-up check says about the radios the host binds from the same file.</summary>
    private static IReadOnlyList<string> ConnectorProblems(JsonObject root)
    {
        var options = GatewayOptionsLoader.Bind(root.ToConfiguration().GetSection("Gateway"));
        var serial = new SerialConnectorOptions();
        foreach (var radio in options.Connectors.Serial)
        {
            serial.Radios.Add(radio);
        }

        return SerialConnector.Validate(serial, out _);
    }
}

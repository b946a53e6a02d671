namespace Gateway.Connectors.Serial.Tests;

public sealed class RadioSettingsTests
{
    [Fact]
    public void Create_Defaults_Valid()
    {
        var settings = RadioSettings.Create(Valid(), "k", out var errors);
        Assert.Empty(errors);
        Assert.Equal("rts", settings.PttMethod);
        Assert.Equal(Gateway.Core.Floor.Priority.Normal, settings.Priority);
    }

    [Fact]
    public void Create_ManyProblems_AllReportedWithTheirKeys()
    {
        var o = Valid();
        o.Ptt.Method = "gpio";
        o.Squelch.Method = "carrier";
        o.BaudRate = 12;
        o.Parity = "Sometimes";
        o.Audio.SampleRate = 22_050;
        o.TransmitTimeoutSeconds = 0;
        o.Priority = "urgent";
        o.Ani.Mode = "mdc1200";

        RadioSettings.Create(o, "Gateway:Connectors:Serial[2]", out var errors);

        foreach (var key in new[] { "Ptt:Method", "Squelch:Method", "BaudRate", "Parity", "Audio:SampleRate", "TransmitTimeoutSeconds", "Priority", "Ani:Mode" })
        {
            Assert.Contains(errors, e => e.StartsWith("Gateway:Connectors:Serial[2]:" + key + " ", StringComparison.Ordinal));
        }

        Assert.Contains(errors, e => e.Contains("'gpio'", StringComparison.Ordinal) && e.Contains("cat-civ", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_CivWithoutAddress_NamesCivAddress()
    {
        var o = Valid();
        o.Ptt.Method = "cat-civ";
        RadioSettings.Create(o, "k", out var errors);
        Assert.Contains(errors, e => e == "k:Ptt:CivAddress is required for cat-civ (the radio's CI-V address in hex, e.g. 94)");
    }

    [Fact]
    public void Create_TwoCatDialects_Rejected()
    {
        var o = Valid();
        o.Ptt.Method = "cat-kenwood";
        o.Ptt.CivAddress = "94";
        o.Squelch.Method = "cat-civ";
        RadioSettings.Create(o, "k", out var errors);
        Assert.Contains(errors, e => e == "k:Squelch:Method 'cat-civ' must be the same CAT dialect as Ptt:Method (cat-kenwood): one port speaks one");
    }

    [Fact]
    public void Create_VoxOnlyHandheld_NeedsNoPort()
    {
        var o = Valid();
        o.Port = string.Empty;
        o.Ptt.Method = "none";
        o.Squelch.Method = "vox";
        var settings = RadioSettings.Create(o, "k", out var errors);
        Assert.Empty(errors);
        Assert.False(settings.NeedsPort);
    }

    [Fact]
    public void Validate_DuplicateIds_Reported()
    {
        var options = new SerialConnectorOptions();
        options.Radios.Add(Valid());
        options.Radios.Add(Valid());
        var errors = SerialConnector.Validate(options, out _);
        Assert.Contains(errors, e => e == "Gateway:Connectors:Serial[1]:Id 'radio-1' is used by another radio");
    }

    private static SerialRadioOptions Valid() => new()
    {
        Id = "radio-1",
        TalkGroup = "tg",
        Port = "/dev/ttyUSB0",
        Audio = { Capture = "plughw:1,0", Playback = "plughw:1,0" },
    };
}

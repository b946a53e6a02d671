namespace Gateway.Connectors.Serial;

/// <summary><c>Gateway:Connectors:Serial[i]</c> (configuration contract): a two-way radio on a serial port and a sound card.</summary>
public sealed class SerialRadioOptions
{
    public string Id { get; set; } = string.Empty;

    public string TalkGroup { get; set; } = string.Empty;

    public string Port { get; set; } = string.Empty;

    public int BaudRate { get; set; } = 9600;

    /// <summary>None, Odd, Even, Mark, Space.</summary>
    public string Parity { get; set; } = "None";

    public int DataBits { get; set; } = 8;

    /// <summary>One, OnePointFive, Two.</summary>
    public string StopBits { get; set; } = "One";

    public PttOptions Ptt { get; set; } = new();

    public SquelchOptions Squelch { get; set; } = new();

    public RadioAudioOptions Audio { get; set; } = new();

    public int TransmitTimeoutSeconds { get; set; } = 120;

    /// <summary>Priority of talkers heard on this radio channel.</summary>
    public string Priority { get; set; } = "normal";

    /// <summary>Talker identification from ANI sent by the handhelds at key-up (added with the serial connector).</summary>
    public AniOptions Ani { get; set; } = new();
}

/// <summary>ANI (automatic number identification) decoded from the received audio.</summary>
public sealed class AniOptions
{
    /// <summary>none, dtmf (unit DtmfId), selcall (unit SelCall, 5-tone).</summary>
    public string Mode { get; set; } = "none";

    /// <summary>5-tone table for <c>selcall</c>: zvei1, zvei2, ccir, eea.</summary>
    public string SelcallStandard { get; set; } = "zvei1";

    /// <summary>How long after squelch-open to wait for the ANI before requesting the floor as the radio channel.</summary>
    public int WaitMs { get; set; } = 800;
}

public sealed class PttOptions
{
    /// <summary>rts, dtr, cat-kenwood, cat-civ, none.</summary>
    public string Method { get; set; } = "rts";

    public bool ActiveHigh { get; set; } = true;

    public int LeadMs { get; set; } = 150;

    public int TailMs { get; set; } = 300;

    /// <summary>CI-V address of the radio (hex, e.g. <c>94</c>).</summary>
    public string? CivAddress { get; set; }
}

public sealed class SquelchOptions
{
    /// <summary>cts, dsr, dcd, cat-kenwood, cat-civ, vox, always.</summary>
    public string Method { get; set; } = "cts";

    public bool ActiveHigh { get; set; } = true;

    public int DebounceMs { get; set; } = 50;

    public int PollMs { get; set; } = 20;

    /// <summary>Openings shorter than this are ignored (anti-kerchunk).</summary>
    public int MinOpenMs { get; set; } = 150;

    public double VoxThresholdDb { get; set; } = -35;

    /// <summary>
    /// Half-duplex radios: treat the squelch as closed while the gateway keeps the radio keyed, so the radio's own
    /// transmission (VOX pick-up, a repeater echoing us) never comes back into the group. False for full-duplex radios.
    /// </summary>
    public bool IgnoreWhileTransmitting { get; set; } = true;

    public int VoxHangMs { get; set; } = 500;
}

public sealed class RadioAudioOptions
{
    /// <summary>ALSA capture device (e.g. <c>plughw:1,0</c>), or <c>file:PATH</c> for simulation.</summary>
    public string Capture { get; set; } = string.Empty;

    public string Playback { get; set; } = string.Empty;

    public int SampleRate { get; set; } = 48_000;
}

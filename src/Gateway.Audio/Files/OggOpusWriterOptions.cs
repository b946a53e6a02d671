namespace Gateway.Audio.Files;

/// <summary>Header fields and paging of an Ogg Opus file (RFC 7845).</summary>
public sealed class OggOpusWriterOptions
{
    /// <summary>Samples (48 kHz) the player discards at the start: the encoder's lookahead (libopus: 312).</summary>
    public int PreSkip { get; set; } = 312;

    /// <summary>The original input rate, informational only (OpusHead).</summary>
    public int InputSampleRate { get; set; } = AudioFormat.SampleRate;

    /// <summary>Vendor string of the comment header.</summary>
    public string Vendor { get; set; } = "Gateway";

    /// <summary>User comments (KEY=value; keys are ASCII 0x20–0x7D without '='), e.g. TITLE, ARTIST, DATE, or our own TALKGROUP.</summary>
    public IList<KeyValuePair<string, string>> Comments { get; } = [];

    /// <summary>Ogg stream serial number; 0 picks a random one.</summary>
    public int SerialNumber { get; set; }

    /// <summary>A page is written at least this often (48 kHz samples), so a crash loses little. Default 1 s.</summary>
    public int MaxPageSamples { get; set; } = AudioFormat.SampleRate;

    public void AddComment(string key, string value) => Comments.Add(new(key, value));
}

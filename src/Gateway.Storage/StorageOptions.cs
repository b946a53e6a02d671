namespace Gateway.Storage;

/// <summary><c>Gateway:Storage</c> (configuration contract).</summary>
public sealed class StorageOptions
{
    /// <summary>Only <c>sqlite</c> for now; the repositories are interfaces so another provider can follow.</summary>
    public string Provider { get; set; } = "sqlite";

    public string ConnectionString { get; set; } = "Data Source=data/gateway.db";
}

/// <summary><c>Gateway:Recording</c> (configuration contract).</summary>
public sealed class RecordingOptions
{
    public bool Enabled { get; set; } = true;

    public string Directory { get; set; } = "data/recordings";

    public int RetentionDays { get; set; } = 30;

    /// <summary>Recording stops (health degraded) when free space falls below this.</summary>
    public long MinFreeMegabytes { get; set; } = 500;

    /// <summary>
    /// Opus bitrate (bit/s) the recorder asks the router for when it must encode (talkers that did not send Opus).
    /// Talkers that sent Opus are recorded with their own frames, untouched. 32 kbit/s matches the default Opus profile,
    /// so the router's encode for other Opus listeners is shared with the recorder.
    /// </summary>
    public int OpusBitrate { get; set; } = 32_000;
}

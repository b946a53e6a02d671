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
}

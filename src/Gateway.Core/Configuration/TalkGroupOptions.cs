namespace Gateway.Core.Configuration;

/// <summary><c>Gateway:TalkGroups[i]</c> (configuration contract).</summary>
public sealed class TalkGroupOptions
{
    public string Id { get; set; } = string.Empty;

    public string? Name { get; set; }

    public int HangTimeMs { get; set; } = 3000;

    public int MaxTransmitSeconds { get; set; } = 60;

    public bool QueueRequests { get; set; } = true;

    public int QueueTimeoutSeconds { get; set; } = 30;

    public bool Record { get; set; }
}

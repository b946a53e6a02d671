using Gateway.Api;
using Gateway.Core.Alerts;
using Gateway.Core.Configuration;
using Gateway.Storage;

namespace Gateway.Host.Configuration;

/// <summary>The <c>Gateway</c> configuration section (contract: see README, "Configuration").</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>This node's name: in logs, metrics (<c>service.instance.id</c>) and call records.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    public GrpcOptions Grpc { get; set; } = new();

    public StorageOptions Storage { get; set; } = new();

    public RecordingOptions Recording { get; set; } = new();

    public LogFileOptions Logging { get; set; } = new();

    public List<TalkGroupOptions> TalkGroups { get; set; } = [];

    public List<UnitOptions> Units { get; set; } = [];

    /// <summary><c>Gateway:Positions</c>: when a unit's reported position becomes stale (bound again by the API).</summary>
    public Gateway.Core.Positions.PositionOptions Positions { get; set; } = new();

    public ConnectorsOptions Connectors { get; set; } = new();

    /// <summary>Alerts and paging: escalation presets, mutual-aid and reinforcement groups, acknowledgement keywords.</summary>
    public AlertOptions Alerts { get; set; } = new();
}

namespace Gateway.Connectors.Mumble;

/// <summary>All <c>Gateway:Connectors:Mumble</c> entries (a list: one per Mumble server).</summary>
public sealed class MumbleConnectorsOptions
{
    public List<MumbleConnectorOptions> Servers { get; set; } = [];
}

using Gateway.Connectors.Mumble;
using Gateway.Connectors.Rtp;
using Gateway.Connectors.Serial;

namespace Gateway.Host.Configuration;

/// <summary><c>Gateway:Connectors</c>: the endpoints of each connector kind. Endpoint ids are unique across all kinds.</summary>
public sealed class ConnectorsOptions
{
    public List<RtpEndpointOptions> Rtp { get; set; } = [];

    public List<MumbleConnectorOptions> Mumble { get; set; } = [];

    public List<SerialRadioOptions> Serial { get; set; } = [];
}

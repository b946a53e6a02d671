namespace Gateway.Core.Media;

/// <summary>What kind of terminal an endpoint is (reported by the API as rtp/mumble/serial/grpc...).</summary>
public enum EndpointKind
{
    Memory = 0,
    File = 1,
    Rtp = 2,
    Mumble = 3,
    Serial = 4,
    Grpc = 5,
}

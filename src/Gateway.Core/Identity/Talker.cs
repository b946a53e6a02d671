namespace Gateway.Core.Identity;

/// <summary>Who is talking: the endpoint the audio comes from and, when known, the unit behind it.</summary>
/// <param name="Endpoint">The endpoint that carries the audio.</param>
/// <param name="Unit">The unit, when the connector could identify it (Mumble user, ANI, gRPC key...).</param>
/// <param name="DisplayName">A human-readable name for consoles and logs.</param>
public sealed record Talker(EndpointId Endpoint, UnitId? Unit, string DisplayName)
{
    public override string ToString() => Unit is { } unit ? $"{DisplayName} ({unit})" : DisplayName;
}

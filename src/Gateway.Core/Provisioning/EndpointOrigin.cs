namespace Gateway.Core.Provisioning;

/// <summary>Where an endpoint comes from: the configuration file (read-only through the API) or a run-time create.</summary>
public enum EndpointOrigin
{
    Configured,
    Runtime,
}

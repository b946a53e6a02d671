namespace Gateway.Core.Provisioning;

/// <summary>Why an endpoint could not be created (each maps to its own API status code).</summary>
public enum ProvisioningFailure
{
    /// <summary>A setting is invalid; <see cref="EndpointProvisioningException.Field"/> names it.</summary>
    InvalidSetting,

    /// <summary>The id is taken by another endpoint (configured or run-time).</summary>
    IdInUse,

    /// <summary>The local port (or the RTCP port after it) cannot be bound: another socket has it.</summary>
    PortInUse,

    /// <summary>The talk group does not exist.</summary>
    UnknownTalkGroup,
}

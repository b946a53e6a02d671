using Gateway.Core.Identity;

namespace Gateway.Core.Provisioning;

/// <summary>
/// Run-time RTP endpoints, implemented by the RTP connector so the API needs no reference to it. Persisting what is
/// created is the caller's job (the API stores definitions and re-creates them at start through <see cref="Create"/>).
/// </summary>
public interface IRtpEndpointManager
{
    /// <summary>Every running RTP endpoint, configured and run-time.</summary>
    IReadOnlyList<RtpEndpointStatus> List();

    RtpEndpointStatus? Find(EndpointId id);

    /// <summary>True when the id belongs to an endpoint of the configuration file (running or not).</summary>
    bool IsConfigured(EndpointId id);

    /// <summary>Validates, binds, attaches and starts a run-time endpoint. Throws <see cref="EndpointProvisioningException"/>.</summary>
    RtpEndpointStatus Create(RtpEndpointDefinition definition);

    /// <summary>Stops a run-time endpoint: ends (and releases the floor of) a spurt it holds, detaches it, closes its sockets.</summary>
    Task<bool> RemoveAsync(EndpointId id);
}

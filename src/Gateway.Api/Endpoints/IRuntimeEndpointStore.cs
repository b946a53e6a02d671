using Gateway.Core.Identity;
using Gateway.Core.Provisioning;

namespace Gateway.Api.Endpoints;

/// <summary>
/// Where endpoints created through the API are kept so they come back after a restart: <see cref="RepositoryEndpointStore"/>
/// over storage's <c>IEndpointRepository</c> (SQLite) when storage is registered, <see cref="InMemoryEndpointStore"/> otherwise.
/// </summary>
public interface IRuntimeEndpointStore
{
    /// <summary>True when stored endpoints survive a restart.</summary>
    bool IsPersistent { get; }

    Task<IReadOnlyList<RtpEndpointDefinition>> LoadRtpAsync(CancellationToken cancellationToken);

    Task SaveRtpAsync(RtpEndpointDefinition definition, CancellationToken cancellationToken);

    /// <summary>False when nothing was stored under <paramref name="id"/>.</summary>
    Task<bool> DeleteAsync(EndpointId id, CancellationToken cancellationToken);
}

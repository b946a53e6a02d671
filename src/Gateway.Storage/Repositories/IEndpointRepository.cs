using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>Endpoints added at run time (configured ones come from the configuration file) and their group memberships.</summary>
public interface IEndpointRepository
{
    Task UpsertAsync(StoredEndpoint endpoint, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(EndpointId id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredEndpoint>> ListAsync(CancellationToken cancellationToken = default);
}

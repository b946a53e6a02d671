using System.Text.Json;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Provisioning;
using Gateway.Storage.Repositories;

namespace Gateway.Api.Endpoints;

/// <summary>
/// Run-time endpoints persisted through <see cref="IEndpointRepository"/>: the definition is stored as JSON with the
/// configuration's property names, so a stored row reads like a <c>Gateway:Connectors:Rtp</c> entry.
/// </summary>
public sealed class RepositoryEndpointStore : IRuntimeEndpointStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly IEndpointRepository _repository;

    public RepositoryEndpointStore(IEndpointRepository repository)
    {
        _repository = repository;
    }

    public bool IsPersistent => true;

    public async Task<IReadOnlyList<RtpEndpointDefinition>> LoadRtpAsync(CancellationToken cancellationToken)
    {
        var stored = await _repository.ListAsync(cancellationToken);
        var result = new List<RtpEndpointDefinition>();
        foreach (var endpoint in stored.Where(e => e.Kind == EndpointKind.Rtp))
        {
            var definition = JsonSerializer.Deserialize<RtpEndpointDefinition>(endpoint.DefinitionJson, Json)
                ?? throw new InvalidDataException($"stored endpoint '{endpoint.Id}' has an empty definition");
            // The row's id is the key; the JSON copy cannot contradict it.
            result.Add(definition with { Id = endpoint.Id.Value });
        }

        return result;
    }

    public Task SaveRtpAsync(RtpEndpointDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var json = JsonSerializer.Serialize(definition, Json);
        return _repository.UpsertAsync(new StoredEndpoint(new EndpointId(definition.Id), EndpointKind.Rtp, json, [new TalkGroupId(definition.TalkGroup)]), cancellationToken);
    }

    public Task<bool> DeleteAsync(EndpointId id, CancellationToken cancellationToken) => _repository.DeleteAsync(id, cancellationToken);
}

using System.Text.Json;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Provisioning;
using Gateway.Storage.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Api.Endpoints;

/// <summary>
/// Run-time endpoints persisted through <see cref="IEndpointRepository"/>: the definition is stored as JSON with the
/// configuration's property names, so a stored row reads like a <c>Gateway:Connectors:Rtp</c> entry.
/// </summary>
public sealed partial class RepositoryEndpointStore : IRuntimeEndpointStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly IEndpointRepository _repository;
    private readonly ILogger _logger;

    public RepositoryEndpointStore(IEndpointRepository repository, ILogger<RepositoryEndpointStore>? logger = null)
    {
        _repository = repository;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public bool IsPersistent => true;

    public async Task<IReadOnlyList<RtpEndpointDefinition>> LoadRtpAsync(CancellationToken cancellationToken)
    {
        var stored = await _repository.ListAsync(cancellationToken);
        var result = new List<RtpEndpointDefinition>();
        foreach (var endpoint in stored.Where(e => e.Kind == EndpointKind.Rtp))
        {
            RtpEndpointDefinition? definition;
            try
            {
                definition = JsonSerializer.Deserialize<RtpEndpointDefinition>(endpoint.DefinitionJson, Json);
            }
            catch (JsonException ex)
            {
                LogUnreadable(_logger, endpoint.Id.Value, ex.Message);
                continue;
            }

            if (definition is null)
            {
                LogUnreadable(_logger, endpoint.Id.Value, "empty definition");
                continue;
            }

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

    // One bad row must not stop the gateway: it is skipped (and kept for inspection), the others come back.
    [LoggerMessage(EventId = 5066, Level = LogLevel.Warning, Message = "Stored run-time endpoint {EndpointId} is not restored: its stored definition cannot be read ({Reason})")]
    private static partial void LogUnreadable(ILogger logger, string endpointId, string reason);
}

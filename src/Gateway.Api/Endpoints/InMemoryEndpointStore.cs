using System.Collections.Concurrent;
using Gateway.Core.Identity;
using Gateway.Core.Provisioning;

namespace Gateway.Api.Endpoints;

/// <summary>Run-time endpoints for the life of the process only (no storage registered).</summary>
public sealed class InMemoryEndpointStore : IRuntimeEndpointStore
{
    private readonly ConcurrentDictionary<string, RtpEndpointDefinition> _rtp = new(StringComparer.Ordinal);

    public bool IsPersistent => false;

    public Task<IReadOnlyList<RtpEndpointDefinition>> LoadRtpAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RtpEndpointDefinition>>([.. _rtp.Values.OrderBy(d => d.Id, StringComparer.Ordinal)]);

    public Task SaveRtpAsync(RtpEndpointDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _rtp[definition.Id] = definition;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(EndpointId id, CancellationToken cancellationToken) => Task.FromResult(_rtp.TryRemove(id.Value, out _));
}

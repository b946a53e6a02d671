using System.Collections.Concurrent;
using System.Net.Sockets;
using Gateway.Core;
using Gateway.Core.Identity;
using Gateway.Core.Provisioning;

namespace Gateway.Connectors.Rtp;

/// <summary>
/// <see cref="IRtpEndpointManager"/> over the <see cref="RtpConnector"/>: run-time endpoints go through the same
/// <see cref="RtpEndpointRules"/> as configured ones, and each refusal says which setting or resource is at fault.
/// </summary>
internal sealed class RtpEndpointManager : IRtpEndpointManager
{
    private readonly RtpConnector _connector;
    private readonly ISwitchboard _switchboard;
    private readonly ConcurrentDictionary<string, RtpEndpointDefinition> _runtime = new(StringComparer.Ordinal);

    public RtpEndpointManager(RtpConnector connector, ISwitchboard switchboard)
    {
        _connector = connector;
        _switchboard = switchboard;
    }

    public IReadOnlyList<RtpEndpointStatus> List() =>
        [.. _connector.Endpoints.Select(Describe).OfType<RtpEndpointStatus>().OrderBy(s => s.Definition.Id, StringComparer.Ordinal)];

    public RtpEndpointStatus? Find(EndpointId id) => _connector.Find(id.Value) is { } endpoint ? Describe(endpoint) : null;

    public bool IsConfigured(EndpointId id) => _connector.IsConfigured(id.Value);

    public RtpEndpointStatus Create(RtpEndpointDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var options = ToOptions(definition);
        // The same rules as the configuration file; the first problem names the setting (the API maps it to its field).
        if (string.IsNullOrWhiteSpace(definition.Id) || string.IsNullOrWhiteSpace(definition.TalkGroup))
        {
            var field = string.IsNullOrWhiteSpace(definition.Id) ? nameof(RtpEndpointDefinition.Id) : nameof(RtpEndpointDefinition.TalkGroup);
            throw new EndpointProvisioningException(ProvisioningFailure.InvalidSetting, field, "is required");
        }

        if (RtpEndpointRules.Check(options) is [var problem, ..])
        {
            throw new EndpointProvisioningException(ProvisioningFailure.InvalidSetting, problem.SettingName, problem.Describe());
        }

        // Ids are unique across connectors (the switchboard and the API know endpoints by id alone).
        if (_connector.IsConfigured(definition.Id) || _switchboard.FindEndpoint(new EndpointId(definition.Id)) is not null)
        {
            throw new EndpointProvisioningException(ProvisioningFailure.IdInUse, nameof(RtpEndpointDefinition.Id), $"endpoint '{definition.Id}' already exists");
        }

        if (_switchboard.FindTalkGroup(new TalkGroupId(definition.TalkGroup)) is null)
        {
            throw new EndpointProvisioningException(ProvisioningFailure.UnknownTalkGroup, nameof(RtpEndpointDefinition.TalkGroup), $"talk group '{definition.TalkGroup}' does not exist");
        }

        RtpEndpoint endpoint;
        try
        {
            endpoint = _connector.AddEndpoint(options);
        }
        catch (RtpConfigurationException ex) when (ex.InnerException is SocketException socket)
        {
            throw new EndpointProvisioningException(
                ProvisioningFailure.PortInUse,
                nameof(RtpEndpointDefinition.Listen),
                definition.RtcpMux
                    ? $"{definition.Listen} cannot be bound: {socket.Message}"
                    : $"{definition.Listen} (or the RTCP port after it) cannot be bound: {socket.Message}",
                ex);
        }
        catch (RtpConfigurationException ex) when (ex.InnerException is KeyNotFoundException)
        {
            throw new EndpointProvisioningException(ProvisioningFailure.UnknownTalkGroup, nameof(RtpEndpointDefinition.TalkGroup), $"talk group '{definition.TalkGroup}' does not exist", ex);
        }
        catch (RtpConfigurationException ex)
        {
            // Parsed fine above, so the only refusal left is a concurrent create of the same id.
            throw new EndpointProvisioningException(ProvisioningFailure.IdInUse, nameof(RtpEndpointDefinition.Id), $"endpoint '{definition.Id}' already exists", ex);
        }

        _runtime[definition.Id] = definition;
        return Describe(endpoint)!;
    }

    public async Task<bool> RemoveAsync(EndpointId id)
    {
        var removed = await _connector.RemoveEndpointAsync(id.Value).ConfigureAwait(false);
        _runtime.TryRemove(id.Value, out _);
        return removed;
    }

    private RtpEndpointStatus? Describe(RtpEndpoint endpoint)
    {
        var id = endpoint.Id.Value;
        RtpEndpointDefinition definition;
        EndpointOrigin origin;
        if (_connector.Configured(id) is { } configured)
        {
            (definition, origin) = (FromOptions(configured), EndpointOrigin.Configured);
        }
        else if (_runtime.TryGetValue(id, out var runtime))
        {
            (definition, origin) = (runtime, EndpointOrigin.Runtime);
        }
        else
        {
            return null; // added straight on the connector (tests): not the API's to describe
        }

        var s = endpoint.GetStatistics();
        var peer = s.Peer is { } p ? new RtpPeerFigures(p.FractionLost, p.CumulativeLost, p.JitterMilliseconds, p.RoundTrip, p.ReceivedAt) : null;
        var drops = s.Drops.Where(d => d.Value > 0).ToDictionary(d => d.Key.ToString(), d => d.Value, StringComparer.Ordinal);
        var figures = new RtpEndpointFigures(
            s.DatagramsReceived, s.BytesReceived, s.Accepted, s.RtcpPackets, drops, s.FramesSubmitted, s.FramesConcealed, s.TalkSpurts,
            s.DtmfDigitsReceived, s.RemoteSsrc, s.PacketsLost, s.PacketsExpected, s.JitterMilliseconds, s.PacketsSent, s.OctetsSent,
            s.SendErrors, s.SocketRestarts, peer);
        return new RtpEndpointStatus(definition, origin, endpoint.LocalEndPoint.ToString(), endpoint.Ssrc, endpoint.IsDegraded, figures);
    }

    private static RtpEndpointOptions ToOptions(RtpEndpointDefinition d) => new()
    {
        Id = d.Id,
        TalkGroup = d.TalkGroup,
        Listen = d.Listen,
        Remote = d.Remote,
        Multicast = d.Multicast,
        MulticastInterface = d.MulticastInterface,
        Ttl = d.Ttl,
        AllowedSources = [.. d.AllowedSources],
        Codec = d.Codec,
        PayloadType = d.PayloadType,
        Bitrate = d.Bitrate,
        TelephoneEventPayloadType = d.TelephoneEventPayloadType,
        Priority = d.Priority,
        StreamEndMs = d.StreamEndMs,
        JitterMinMs = d.JitterMinMs,
        JitterMaxMs = d.JitterMaxMs,
        MaxPacketsPerSecond = d.MaxPacketsPerSecond,
        RtcpMux = d.RtcpMux,
    };

    private static RtpEndpointDefinition FromOptions(RtpEndpointOptions o) => new()
    {
        Id = o.Id,
        TalkGroup = o.TalkGroup,
        Listen = o.Listen,
        Remote = o.Remote,
        Multicast = o.Multicast,
        MulticastInterface = o.MulticastInterface,
        Ttl = o.Ttl,
        AllowedSources = [.. o.AllowedSources],
        Codec = o.Codec,
        PayloadType = o.PayloadType,
        Bitrate = o.Bitrate,
        TelephoneEventPayloadType = o.TelephoneEventPayloadType,
        Priority = o.Priority,
        StreamEndMs = o.StreamEndMs,
        JitterMinMs = o.JitterMinMs,
        JitterMaxMs = o.JitterMaxMs,
        MaxPacketsPerSecond = o.MaxPacketsPerSecond,
        RtcpMux = o.RtcpMux,
    };
}

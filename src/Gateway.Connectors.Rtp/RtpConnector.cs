using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Connectors.Rtp.Ingress;
using Gateway.Connectors.Rtp.Transport;
using Gateway.Core.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Connectors.Rtp;

/// <summary>
/// The RTP connector: a hosted service owning the configured RTP endpoints (<c>Gateway:Connectors:Rtp</c>), and the
/// run-time add/remove the API uses. Persisting run-time endpoints is the caller's (storage) job.
/// </summary>
public sealed partial class RtpConnector : IHostedService, IAsyncDisposable
{
    private readonly object _sync = new();
    private readonly Dictionary<string, RtpEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<RtpEndpointOptions> _configured;
    private readonly ISwitchboard _switchboard;
    private readonly ICodecFactory _codecs;
    private readonly IEventBus? _events;
    private readonly IHealthRegistry? _health;
    private readonly GatewayMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly string _node;
    private readonly RtpPlayoutClock _clock;
    private readonly UdpReceivePool _receivers;

    public RtpConnector(
        IEnumerable<RtpEndpointOptions> endpoints,
        ISwitchboard switchboard,
        ICodecFactory codecs,
        TimeProvider? time = null,
        IEventBus? events = null,
        IHealthRegistry? health = null,
        GatewayMetrics? metrics = null,
        ILoggerFactory? loggerFactory = null,
        string? nodeName = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        _configured = [.. endpoints];
        _switchboard = switchboard ?? throw new ArgumentNullException(nameof(switchboard));
        _codecs = codecs ?? throw new ArgumentNullException(nameof(codecs));
        _time = time ?? TimeProvider.System;
        _events = events;
        _health = health;
        _metrics = metrics;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<RtpConnector>();
        _node = string.IsNullOrWhiteSpace(nodeName) ? Environment.MachineName : nodeName;
        _clock = new RtpPlayoutClock(_time, _logger);
        _receivers = new UdpReceivePool(_loggers.CreateLogger<UdpReceivePool>());

        // Validate every configured endpoint up front so a bad file fails at start with all problems listed.
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _configured.Count; i++)
        {
            try
            {
                RtpEndpointSettings.Parse(_configured[i], $"Gateway:Connectors:Rtp[{i}]");
            }
            catch (RtpConfigurationException ex)
            {
                errors.AddRange(ex.Errors);
            }

            if (!string.IsNullOrEmpty(_configured[i].Id) && !ids.Add(_configured[i].Id))
            {
                errors.Add($"Gateway:Connectors:Rtp[{i}]:Id '{_configured[i].Id}' is used twice.");
            }
        }

        if (errors.Count > 0)
        {
            throw new RtpConfigurationException(errors);
        }
    }

    /// <summary>The running endpoints.</summary>
    public IReadOnlyList<RtpEndpoint> Endpoints
    {
        get
        {
            lock (_sync)
            {
                return [.. _endpoints.Values];
            }
        }
    }

    /// <summary>The shared receive loops (empty where epoll is unavailable).</summary>
    internal IReadOnlyList<UdpReceiveLoop> ReceiveLoops => _receivers.Loops;

    public RtpEndpoint? Find(string id)
    {
        lock (_sync)
        {
            return _endpoints.GetValueOrDefault(id);
        }
    }

    /// <summary>True when <paramref name="id"/> is an endpoint of the configuration file (run-time ones may not reuse it).</summary>
    internal bool IsConfigured(string id) => Configured(id) is not null;

    internal RtpEndpointOptions? Configured(string id)
    {
        foreach (var options in _configured)
        {
            if (string.Equals(options.Id, id, StringComparison.Ordinal))
            {
                return options;
            }
        }

        return null;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        using (_switchboard.BatchMembershipChanges())
        {
            foreach (var options in _configured)
            {
                cancellationToken.ThrowIfCancellationRequested();
                AddEndpoint(options);
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        RtpEndpoint[] all;
        lock (_sync)
        {
            all = [.. _endpoints.Values];
            _endpoints.Clear();
        }

        foreach (var endpoint in all)
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Adds and starts an endpoint at run time (the API's add). Throws <see cref="RtpConfigurationException"/> on bad options or a duplicate id.</summary>
    public RtpEndpoint AddEndpoint(RtpEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = RtpEndpointSettings.Parse(options, $"Gateway:Connectors:Rtp[{options.Id}]");
        lock (_sync)
        {
            if (_endpoints.ContainsKey(options.Id))
            {
                throw new RtpConfigurationException($"Gateway:Connectors:Rtp[{options.Id}]:Id is already in use.");
            }

            RtpEndpoint endpoint;
            try
            {
                endpoint = new RtpEndpoint(settings, _switchboard, _codecs, _events, _health, _metrics, _time, _loggers, _node, _clock, _receivers.Next());
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                var ports = options.RtcpMux ? string.Empty : " (and the next port for RTCP)";
                throw new RtpConfigurationException($"Gateway:Connectors:Rtp[{options.Id}]:Listen {options.Listen}{ports} cannot be bound: {ex.Message}", ex);
            }

            try
            {
                endpoint.Start();
            }
            catch (Exception ex)
            {
                endpoint.DisposeAsync().AsTask().GetAwaiter().GetResult();
                if (ex is KeyNotFoundException)
                {
                    throw new RtpConfigurationException($"Gateway:Connectors:Rtp[{options.Id}]:TalkGroup '{options.TalkGroup}' is not a known talk group.", ex);
                }

                throw;
            }

            _endpoints.Add(options.Id, endpoint);
            LogAdded(_logger, options.Id);
            return endpoint;
        }
    }

    /// <summary>Stops and removes an endpoint (the API's remove); false when unknown.</summary>
    public async Task<bool> RemoveEndpointAsync(string id)
    {
        RtpEndpoint? endpoint;
        lock (_sync)
        {
            if (!_endpoints.Remove(id, out endpoint))
            {
                return false;
            }
        }

        await endpoint.DisposeAsync().ConfigureAwait(false);
        // The registry has no "forget": a removed endpoint must not hold the gateway's health at a degraded state it last reported.
        _health?.Report("rtp:" + id, HealthState.Healthy, "removed");
        LogRemoved(_logger, id);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _clock.Dispose();
        _receivers.Dispose();
    }

    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "RTP endpoint {EndpointId} added")]
    private static partial void LogAdded(ILogger logger, string endpointId);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Information, Message = "RTP endpoint {EndpointId} removed")]
    private static partial void LogRemoved(ILogger logger, string endpointId);
}

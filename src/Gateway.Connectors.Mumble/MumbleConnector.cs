using Gateway.Core.Alerts;
using Gateway.Connectors.Mumble.Session;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Connectors.Mumble;

/// <summary>
/// The hosted Mumble connector: for every configured server and every mapped channel it runs one session (a Mumble user
/// named <c>&lt;Username&gt;-&lt;n&gt;</c>) attached to the channel's talk group, and offers <see cref="PostTextAsync"/> for alerts.
/// </summary>
public sealed partial class MumbleConnector : BackgroundService, IAlertTextChannel
{
    private readonly List<MumbleChannelSession> _sessions = [];
    private readonly MumbleSessionServices _services;
    private readonly ILogger<MumbleConnector> _logger;
    private int _disposed;

    internal MumbleConnector(IOptions<MumbleConnectorsOptions> options, MumbleSessionServices services)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<MumbleConnector>();
        foreach (var server in options.Value.Servers)
        {
            var n = 0;
            foreach (var (path, group) in server.Channels)
            {
                n++;
                _sessions.Add(new MumbleChannelSession(server, path, new TalkGroupId(group), $"{server.Username}-{n}", services));
            }
        }
    }

    /// <summary>The endpoints this connector runs (one per mapped channel).</summary>
    public IReadOnlyList<MumbleEndpointInfo> Endpoints =>
        _sessions.Select(s => new MumbleEndpointInfo(s.Id, s.TalkGroup, s.ChannelPath, s.UserName, s.IsJoined)).ToList();

    internal IReadOnlyList<MumbleChannelSession> Sessions => _sessions;

    /// <summary>
    /// Posts <paramref name="text"/> (plain text; HTML-escaped on the wire) into every Mumble channel mapped to
    /// <paramref name="group"/>. Returns how many channels received it (0 when none is connected).
    /// </summary>
    public async Task<int> PostTextAsync(TalkGroupId group, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var posted = 0;
        foreach (var session in _sessions)
        {
            if (session.TalkGroup == group && await session.PostTextAsync(text, cancellationToken))
            {
                posted++;
            }
        }

        return posted;
    }

    public override void Dispose()
    {
        // Registered both as itself and as a hosted service, so the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        base.Dispose();
        foreach (var session in _sessions)
        {
            session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<MumbleChannelSession>();
        foreach (var session in _sessions)
        {
            try
            {
                _services.Switchboard.Attach(session, session.TalkGroup);
            }
            catch (KeyNotFoundException)
            {
                // A mapping to a missing group must not take the other channels (or the host) down.
                var reason = $"channel '{session.ChannelPath}' is mapped to talk group '{session.TalkGroup}', which does not exist";
                _services.Health.Report(session.HealthComponent, HealthState.Unhealthy, reason);
                LogUnknownGroup(_logger, session.Id, reason);
                continue;
            }

            _services.Switchboard.SetEndpointOnline(session.Id, false, "connecting to the Mumble server");
            LogStarting(_logger, session.Id, session.ChannelPath, session.TalkGroup);
            running.Add(session);
        }

        try
        {
            await Task.WhenAll(running.Select(s => s.RunAsync(stoppingToken)));
        }
        finally
        {
            foreach (var session in running)
            {
                _services.Switchboard.Detach(session.Id, session.TalkGroup);
            }
        }
    }

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Mumble {EndpointId}: {Reason}")]
    private static partial void LogUnknownGroup(ILogger logger, EndpointId endpointId, string reason);

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Mumble {EndpointId}: channel '{ChannelPath}' → talk group {TalkGroupId}")]
    private static partial void LogStarting(ILogger logger, EndpointId endpointId, string channelPath, TalkGroupId talkGroupId);
}

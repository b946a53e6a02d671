using Gateway.Core.Events;
using Gateway.Core.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Units;

/// <summary>
/// Presence for terminals bound to units (<see cref="UnitEndpointBindings"/>): a bound endpoint is its unit's online
/// terminal while it is attached to the switchboard and not offline, so nearest-units paging reaches it and
/// <c>ListUnits</c> shows it. One service for every connector kind: it follows the switchboard's own events
/// (<see cref="EndpointStateChanged"/> for attach and online/offline, <see cref="TalkGroupChanged"/> for detach) and the
/// binding table, and reports only changes to <see cref="IUnitDirectory.ReportPresence"/>.
/// </summary>
public sealed partial class UnitTerminalPresence : IHostedService, IDisposable
{
    private readonly UnitEndpointBindings _bindings;
    private readonly ISwitchboard _switchboard;
    private readonly IUnitDirectory _units;
    private readonly IEventBus _events;
    private readonly ILogger<UnitTerminalPresence> _logger;
    private readonly Lock _gate = new();

    // What was last reported per bound endpoint: to which unit, and whether online.
    private readonly Dictionary<EndpointId, (UnitId Unit, bool Online)> _reported = [];
    private readonly CancellationTokenSource _stopping = new();
    private IEventSubscription? _subscription;
    private Task? _loop;

    public UnitTerminalPresence(UnitEndpointBindings bindings, ISwitchboard switchboard, IUnitDirectory units, IEventBus events, ILogger<UnitTerminalPresence> logger)
    {
        _bindings = bindings;
        _switchboard = switchboard;
        _units = units;
        _events = events;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe before the first pass, so nothing that happens in between is missed.
        _subscription = _events.Subscribe("unit-terminal-presence", 1024, e => e is EndpointStateChanged or TalkGroupChanged);
        _bindings.Changed += Reconcile;
        Reconcile();
        _loop = Task.Run(ListenAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _bindings.Changed -= Reconcile;
        await _stopping.CancelAsync();
        _subscription?.Dispose();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _bindings.Changed -= Reconcile;
        _subscription?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Compares every binding with the switchboard and reports what changed (also called directly by tests).</summary>
    public void Reconcile()
    {
        lock (_gate)
        {
            var bound = _bindings.All;
            if (bound.Count == 0 && _reported.Count == 0)
            {
                return; // no terminal is bound: nothing to look up (the usual case for Mumble-only gateways)
            }

            // Unbound (deleted) endpoints, or ones bound to another unit now: the previous unit loses them.
            foreach (var (endpoint, last) in _reported.ToList())
            {
                if (!bound.TryGetValue(endpoint, out var unit) || unit != last.Unit)
                {
                    if (last.Online)
                    {
                        Report(last.Unit, endpoint, false);
                    }

                    _reported.Remove(endpoint);
                }
            }

            foreach (var (endpoint, unit) in bound)
            {
                // Looked up one by one: a few bound terminals among possibly thousands of endpoints.
                var now = _switchboard.FindEndpoint(endpoint) is { } info && info.State != EndpointState.Offline;
                var known = _reported.TryGetValue(endpoint, out var last);
                if (known ? last.Online != now : now)
                {
                    Report(unit, endpoint, now);
                }

                _reported[endpoint] = (unit, now);
            }
        }
    }

    private void Report(UnitId unit, EndpointId endpoint, bool online)
    {
        _units.ReportPresence(unit, endpoint, online);
        LogPresence(_logger, unit, endpoint, online);
    }

    private async Task ListenAsync()
    {
        var reader = _subscription!.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                // A burst (a connector attaching many endpoints) is one pass.
                while (reader.TryRead(out _))
                {
                }

                try
                {
                    Reconcile();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad pass must not end presence for good; the next event retries.
                    LogReconcileFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Debug, Message = "Unit {UnitId} terminal {EndpointId} online: {Online}")]
    private static partial void LogPresence(ILogger logger, UnitId unitId, EndpointId endpointId, bool online);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Error, Message = "Unit terminal presence could not be updated")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);
}

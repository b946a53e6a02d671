using System.Threading.Channels;
using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Core.UnitState;

/// <summary>
/// Unit-initiated state: emergencies (raise, false-alarm cancel within the grace period, dispatcher clear) and status messages.
/// Inputs are field signalling on the event bus (<see cref="SignalReceived"/>: DTMF, 5-tone, Mumble text, read by
/// <see cref="UnitSignalParser"/>) and the API. Effects: events for every subscriber (the Monitor streams play the emergency
/// tone on <see cref="EmergencyRaised"/>), emergency priority for the unit's next transmission (<see cref="EmergencyPriorityPolicy"/>),
/// responding / on-scene times on the unit's alerts, and a mutual-aid page for <c>need_backup</c>. State is kept in an
/// <see cref="IUnitStateStore"/>: an emergency survives a restart until a dispatcher clears it.
/// </summary>
public sealed partial class UnitStateService : IHostedService, IAsyncDisposable
{
    private readonly IUnitDirectory _units;
    private readonly ISwitchboard _switchboard;
    private readonly IEventBus _events;
    private readonly IUnitStateStore _store;
    private readonly EmergencyPriorityPolicy _priority;
    private readonly TimeProvider _time;
    private readonly UnitStateOptions _options;
    private readonly UnitSignalParser _parser;
    private readonly ILogger<UnitStateService> _logger;
    private readonly AlertEngine? _alerts;
    private readonly AlertOptions _alertOptions;
    private readonly Lock _gate = new();
    private readonly Dictionary<UnitId, UnitEmergency> _emergencies = [];
    private readonly Dictionary<UnitId, UnitStatus> _statuses = [];
    private readonly DtmfSequenceCollector _dtmf;
    private readonly Channel<UnitStateRecord> _saves = Channel.CreateUnbounded<UnitStateRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private IEventSubscription? _subscription;
    private Task? _listener;
    private Task? _saver;

    public UnitStateService(
        IUnitDirectory units,
        ISwitchboard switchboard,
        IEventBus events,
        IUnitStateStore store,
        EmergencyPriorityPolicy priority,
        TimeProvider time,
        IOptions<UnitStateOptions> options,
        ILogger<UnitStateService> logger,
        AlertEngine? alerts = null,
        IOptions<AlertOptions>? alertOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(priority);
        _units = units;
        _switchboard = switchboard;
        _events = events;
        _store = store;
        _priority = priority;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _alerts = alerts;
        _alertOptions = alertOptions?.Value ?? new AlertOptions();
        _parser = new UnitSignalParser(_options);
        _dtmf = new DtmfSequenceCollector(TimeSpan.FromSeconds(_options.Emergency.DtmfTimeoutSeconds));
        _priority.Consumed += OnPriorityConsumed;
    }

    // ---- Lifecycle --------------------------------------------------------------------------------

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _saver = Task.Run(SaveLoopAsync, CancellationToken.None);
        foreach (var state in await _store.LoadAsync(cancellationToken))
        {
            lock (_gate)
            {
                if (state.Status is { } status)
                {
                    _statuses[state.Unit] = status;
                }

                if (state.Emergency is { } emergency)
                {
                    _emergencies[state.Unit] = emergency;
                    _priority.Arm(state.Unit, emergency.Group, emergency.Endpoint, emergency.PriorityPending);
                    LogRestored(_logger, state.Unit, emergency.Group, emergency.RaisedAt);
                }
            }
        }

        _subscription = _events.Subscribe("unit-state", 4096, e => e is SignalReceived);
        _listener = Task.Run(ListenAsync, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _subscription?.Dispose();
        _priority.Consumed -= OnPriorityConsumed;
        if (_listener is not null)
        {
            await _listener.WaitAsync(cancellationToken);
        }

        // Everything changed so far reaches the store before a restart.
        _saves.Writer.TryComplete();
        if (_saver is not null)
        {
            await _saver.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    // ---- Queries ----------------------------------------------------------------------------------

    public UnitEmergency? GetEmergency(UnitId unit)
    {
        lock (_gate)
        {
            return _emergencies.GetValueOrDefault(unit);
        }
    }

    public UnitStatus? GetStatus(UnitId unit)
    {
        lock (_gate)
        {
            return _statuses.GetValueOrDefault(unit);
        }
    }

    public IReadOnlyList<UnitEmergency> Emergencies
    {
        get
        {
            lock (_gate)
            {
                return [.. _emergencies.Values.OrderBy(e => e.RaisedAt)];
            }
        }
    }

    /// <summary>The configured status names (the built-in set unless <c>Gateway:Statuses</c> names its own).</summary>
    public IReadOnlyList<string> StatusNames => [.. _options.EffectiveStatuses.Select(s => s.Name)];

    // ---- Emergencies ------------------------------------------------------------------------------

    /// <summary>
    /// Puts the unit (and its talk group) into emergency. The group is <paramref name="group"/>, else the unit's first group.
    /// Raising again while in emergency keeps the original time and re-arms the priority boost.
    /// </summary>
    public UnitEmergency RaiseEmergency(UnitId unit, TalkGroupId? group, string source, string? note = null, double? latitude = null, double? longitude = null, EndpointId? endpoint = null)
    {
        var info = _units.Find(unit) ?? throw new UnitStateException("unit_id", $"unit '{unit}' does not exist", notFound: true);
        var target = group ?? (info.Settings.TalkGroups.Count > 0
            ? info.Settings.TalkGroups[0]
            : throw new UnitStateException("talk_group_id", $"unit '{unit}' is in no talk group; name the group"));
        if (_switchboard.FindTalkGroup(target) is null)
        {
            throw new UnitStateException("talk_group_id", $"talk group '{target}' does not exist", notFound: true);
        }

        var now = _time.GetUtcNow();
        UnitEmergency emergency;
        lock (_gate)
        {
            emergency = _emergencies.TryGetValue(unit, out var open) && open.Group == target
                ? open with { PriorityPending = true, Note = note ?? open.Note, Latitude = latitude ?? open.Latitude, Longitude = longitude ?? open.Longitude, Endpoint = endpoint ?? open.Endpoint }
                : new UnitEmergency(unit, target, now, source, note, latitude, longitude, endpoint, PriorityPending: true);
            _emergencies[unit] = emergency;
            _priority.Arm(unit, target, emergency.Endpoint, pending: true);
            SaveLocked(unit);
        }

        _events.Publish(new EmergencyRaised(now, unit, target, source, note, latitude, longitude));
        LogRaised(_logger, unit, target, source);
        return emergency;
    }

    /// <summary>The unit's own cancel (false alarm): accepted within <c>CancelGraceSeconds</c> of raising, refused after.</summary>
    public EmergencyCancelOutcome CancelEmergency(UnitId unit, string source)
    {
        var now = _time.GetUtcNow();
        UnitEmergency emergency;
        lock (_gate)
        {
            if (!_emergencies.TryGetValue(unit, out var open))
            {
                return EmergencyCancelOutcome.NotInEmergency;
            }

            if (now - open.RaisedAt > TimeSpan.FromSeconds(_options.Emergency.CancelGraceSeconds))
            {
                LogCancelRefused(_logger, unit, source, (now - open.RaisedAt).TotalSeconds);
                return EmergencyCancelOutcome.GraceExpired;
            }

            emergency = open;
            _emergencies.Remove(unit);
            _priority.Disarm(unit);
            SaveLocked(unit);
        }

        _events.Publish(new EmergencyCancelled(now, unit, emergency.Group, source));
        LogCancelled(_logger, unit, emergency.Group, source);
        return EmergencyCancelOutcome.Cancelled;
    }

    /// <summary>A dispatcher ends the emergency. Null when the unit is not in emergency.</summary>
    public UnitEmergency? ClearEmergency(UnitId unit, string clearedBy, string? note = null)
    {
        _ = _units.Find(unit) ?? throw new UnitStateException("unit_id", $"unit '{unit}' does not exist", notFound: true);
        UnitEmergency? emergency;
        lock (_gate)
        {
            if (!_emergencies.Remove(unit, out emergency))
            {
                return null;
            }

            _priority.Disarm(unit);
            SaveLocked(unit);
        }

        _events.Publish(new EmergencyCleared(_time.GetUtcNow(), unit, emergency.Group, clearedBy, note));
        LogCleared(_logger, unit, emergency.Group, clearedBy);
        return emergency;
    }

    // ---- Status -------------------------------------------------------------------------------------

    /// <summary>Records a status report. Throws <see cref="UnitStateException"/> for an unknown unit or status name.</summary>
    public UnitStatus SetStatus(UnitId unit, string status, string source, string? note = null, AckSource via = AckSource.Grpc)
    {
        ArgumentNullException.ThrowIfNull(status);
        var info = _units.Find(unit) ?? throw new UnitStateException("unit_id", $"unit '{unit}' does not exist", notFound: true);
        var definition = _options.FindStatus(status)
            ?? throw new UnitStateException("status", $"unknown status '{status}'; known: {string.Join(", ", StatusNames)}");
        var now = _time.GetUtcNow();
        var next = new UnitStatus(definition.Name, now, source, note);
        string? previous;
        lock (_gate)
        {
            previous = _statuses.GetValueOrDefault(unit)?.Name;
            _statuses[unit] = next;
            SaveLocked(unit);
        }

        _events.Publish(new UnitStatusChanged(now, unit, definition.Name, previous, source, note));
        LogStatus(_logger, unit, definition.Name, source);
        if (definition.Name is UnitStateOptions.Responding or UnitStateOptions.OnScene)
        {
            _alerts?.RecordUnitStatus(unit, definition.Name == UnitStateOptions.OnScene ? UnitAlertMilestone.OnScene : UnitAlertMilestone.Responding, via);
        }

        if (definition.PageMutualAid == true)
        {
            PageMutualAid(info, definition.Name, note);
        }

        return next;
    }

    private void PageMutualAid(UnitInfo unit, string status, string? note)
    {
        var groups = unit.Settings.MutualAidTalkGroups.Count > 0
            ? unit.Settings.MutualAidTalkGroups.Select(g => g.Value).ToList()
            : _alertOptions.MutualAidTalkGroups;
        if (_alerts is null || groups.Count == 0)
        {
            LogNoMutualAid(_logger, unit.Settings.Id, status);
            return;
        }

        var text = $"{unit.Settings.Name} ({unit.Settings.Id}) reports {status.Replace('_', ' ')}" + (string.IsNullOrWhiteSpace(note) ? string.Empty : ": " + note);
        var request = new AlertRequest(
            new AlertTargets(groups, [], OnDutyOnly: true),
            Floor.Priority.Alert,
            new AlertSignalling(SignallingKind.AlertTone, _options.Emergency.TonePreset),
            null,
            text,
            0,
            AckRequired: true,
            null,
            []);
        _ = PageAsync(unit.Settings.Id, request);
    }

    private async Task PageAsync(UnitId unit, AlertRequest request)
    {
        try
        {
            var alert = await _alerts!.BroadcastAsync(request, "unit:" + unit.Value, _stopping.Token);
            LogMutualAidPaged(_logger, unit, alert.Id, string.Join(",", request.Targets.TalkGroups));
        }
        catch (Exception ex) when (ex is AlertValidationException or OperationCanceledException or InvalidOperationException)
        {
            LogMutualAidFailed(_logger, ex, unit);
        }
    }

    // ---- Persistence ----------------------------------------------------------------------------------

    private void OnPriorityConsumed(UnitId unit)
    {
        lock (_gate)
        {
            if (_emergencies.TryGetValue(unit, out var emergency) && emergency.PriorityPending)
            {
                _emergencies[unit] = emergency with { PriorityPending = false };
                SaveLocked(unit);
            }
        }

        LogPriorityUsed(_logger, unit);
    }

    private void SaveLocked(UnitId unit) =>
        _saves.Writer.TryWrite(new UnitStateRecord(unit, _statuses.GetValueOrDefault(unit), _emergencies.GetValueOrDefault(unit)));

    private async Task SaveLoopAsync()
    {
        await foreach (var state in _saves.Reader.ReadAllAsync())
        {
            try
            {
                await _store.SaveAsync(state);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogPersistFailed(_logger, ex, state.Unit);
            }
        }
    }
}

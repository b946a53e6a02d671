using System.Threading.Channels;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Core.Alerts;

/// <summary>
/// Paging with acknowledgements: plays alerts (taking the floor at their priority), tracks every targeted unit's
/// acknowledgement and response time, runs the escalation ladder on <see cref="TimeProvider"/> timers, and keeps every
/// alert in an <see cref="IAlertStore"/> so a restart resumes open alerts and their timers.
/// Acknowledgements come from <see cref="Acknowledge"/> (gRPC) and from field signalling on the event bus
/// (<see cref="SignalReceived"/>: Mumble text, DTMF id + '#', '*' + id, 5-tone ANI); check-outs from <see cref="UnitDutyChanged"/>.
/// </summary>
public sealed partial class AlertEngine : IHostedService, IAsyncDisposable
{
    private readonly ISwitchboard _switchboard;
    private readonly IUnitDirectory _units;
    private readonly IEventBus _events;
    private readonly IAlertStore _store;
    private readonly TimeProvider _time;
    private readonly AlertOptions _options;
    private readonly ILogger<AlertEngine> _logger;
    private readonly AlertPlayer _player;
    private readonly TextToSpeech _speech;
    private readonly IAlertTextChannel[] _textChannels;
    private readonly object _gate = new();
    private readonly Dictionary<string, AlertRun> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<EndpointId, string> _dtmfBuffers = [];
    private readonly Channel<AlertSnapshot> _saves = Channel.CreateUnbounded<AlertSnapshot>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _background = [];
    private IEventSubscription? _subscription;
    private Task? _saver;

    public AlertEngine(
        ISwitchboard switchboard,
        IUnitDirectory units,
        IEventBus events,
        IAlertStore store,
        TimeProvider time,
        IOptions<AlertOptions> options,
        ILogger<AlertEngine> logger,
        IEnumerable<IAlertTextChannel>? textChannels = null,
        AlertClock? clock = null,
        Positions.IPositionRegistry? positions = null)
    {
        _textChannels = textChannels?.ToArray() ?? [];
        _positions = positions;
        _regroup = new DynamicRegroup(switchboard, units);
        ArgumentNullException.ThrowIfNull(options);
        _switchboard = switchboard;
        _units = units;
        _events = events;
        _store = store;
        _time = clock?.Time ?? time; // bookkeeping and timers; the player paces audio on the media clock (time)
        _options = options.Value;
        _logger = logger;
        _player = new AlertPlayer(switchboard, time);
        _speech = new TextToSpeech(_options.EspeakPath);
    }

    /// <summary>True when espeak-ng is available for text-to-speech voice.</summary>
    public bool TextToSpeechAvailable => _speech.Available;

    // ---- Lifecycle --------------------------------------------------------------------------------

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _saver = Task.Run(SaveLoopAsync, CancellationToken.None);
        _subscription = _events.Subscribe("alerts", 4096, e => e is SignalReceived or UnitDutyChanged or UnitPresenceChanged { Online: true });
        _background.Add(Task.Run(ListenAsync, CancellationToken.None));
        foreach (var snapshot in await _store.LoadOpenAsync(cancellationToken))
        {
            Resume(snapshot);
        }

        RemoveLeftoverRegroups();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _subscription?.Dispose();
        lock (_gate)
        {
            foreach (var run in _alerts.Values)
            {
                run.Timer?.Dispose();
                run.Timer = null;
                run.Stop.Cancel();
            }
        }

        try
        {
            await Task.WhenAll(_background.ToArray()).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
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
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        _stopping.Dispose();
    }

    // ---- Queries ----------------------------------------------------------------------------------

    public AlertSnapshot? Get(string id)
    {
        lock (_gate)
        {
            return _alerts.TryGetValue(id, out var run) ? run.Snapshot() : null;
        }
    }

    /// <summary>Alerts known to this process (created or resumed), newest first.</summary>
    public IReadOnlyList<AlertSnapshot> List()
    {
        lock (_gate)
        {
            return _alerts.Values.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal).Select(a => a.Snapshot()).ToList();
        }
    }

    /// <summary>The steps of a named preset: configuration first, then the built-in 1-3-5 ladder. Null when unknown.</summary>
    public IReadOnlyList<EscalationStep>? FindPreset(string name)
    {
        if (_options.Presets.TryGetValue(name, out var configured))
        {
            return configured.Select(s => new EscalationStep(TimeSpan.FromSeconds(s.AfterSeconds), s.Action, s.TalkGroups)).ToList();
        }

        return string.Equals(name, AlertOptions.OneThreeFivePreset, StringComparison.OrdinalIgnoreCase)
            ? OneThreeFive(_options.MutualAidTalkGroups, _options.ReinforcementTalkGroups)
            : null;
    }

    /// <summary>The built-in ladder: re-page at 60 s, page <paramref name="mutualAid"/> at 180 s, page <paramref name="reinforcement"/> and raise an emergency at 300 s.</summary>
    public static IReadOnlyList<EscalationStep> OneThreeFive(IReadOnlyList<string> mutualAid, IReadOnlyList<string> reinforcement) =>
    [
        new(TimeSpan.FromSeconds(60), EscalationAction.RepageUnacknowledged, []),
        new(TimeSpan.FromSeconds(180), EscalationAction.PageGroups, mutualAid),
        new(TimeSpan.FromSeconds(300), EscalationAction.RaiseEmergency, reinforcement),
    ];

    // ---- Broadcast --------------------------------------------------------------------------------

    /// <summary>
    /// Validates and starts an alert; it is played in the background. Throws <see cref="AlertValidationException"/>
    /// naming the field for a request that cannot be served.
    /// </summary>
    public async Task<AlertSnapshot> BroadcastAsync(AlertRequest request, string? createdBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var groups = Validate(request);
        if (request.Voice is { TtsText: { } text } voice && voice.Pcm16 is null)
        {
            request = request with { Voice = voice with { Pcm16 = await _speech.SynthesizeAsync(text, voice.TtsVoice, cancellationToken) } };
        }

        var now = _time.GetUtcNow();
        var id = "alert-" + Guid.NewGuid().ToString("N")[..12];
        var nearest = ResolveNearest(request);
        var units = ResolveUnits(request.Targets.Units, groups, request.Targets.OnDutyOnly);
        var playGroups = PlayGroups(request, units);
        var regroup = CreateRegroup(id, nearest, units, playGroups);
        var snapshot = new AlertSnapshot(id, AlertState.Pending, request, now, null, null, createdBy, units.Select(u => new UnitAlertStatus(u, null, null, null, null, 0)).ToList(), 0, null, regroup);
        AlertRun run;
        lock (_gate)
        {
            run = new AlertRun(snapshot, playGroups);
            _alerts.Add(id, run);
            Changed(run, null);
        }

        LogBroadcast(_logger, id, request.Priority, units.Count, string.Join(",", playGroups));
        Start(run, () => PlayInitialAsync(run));
        return snapshot;
    }

    /// <summary>The target groups, plus the groups of the units named directly (so they hear it too).</summary>
    private List<TalkGroupId> PlayGroups(AlertRequest request, IReadOnlyCollection<UnitId> units) =>
        request.Targets.TalkGroups.Select(g => new TalkGroupId(g))
            .Concat(request.Targets.Units.Select(u => new UnitId(u)).Where(units.Contains).SelectMany(u => _units.Find(u)?.Settings.TalkGroups ?? []))
            .Distinct()
            .ToList();

    private List<TalkGroupId> Validate(AlertRequest request)
    {
        if (request.Targets.TalkGroups.Count == 0 && request.Targets.Units.Count == 0 && request.Targets.Nearest is null)
        {
            throw new AlertValidationException("targets", "name at least one talk group, unit or nearest-units target");
        }

        var groups = new List<TalkGroupId>();
        foreach (var group in request.Targets.TalkGroups)
        {
            var id = new TalkGroupId(group);
            if (_switchboard.FindTalkGroup(id) is null)
            {
                throw new AlertValidationException("targets.talk_group_ids", $"talk group '{group}' does not exist");
            }

            groups.Add(id);
        }

        foreach (var unit in request.Targets.Units)
        {
            if (_units.Find(new UnitId(unit)) is null)
            {
                throw new AlertValidationException("targets.unit_ids", $"unit '{unit}' does not exist");
            }
        }

        if (request.Priority is not (Priority.Alert or Priority.Emergency))
        {
            throw new AlertValidationException("priority", "must be ALERT or EMERGENCY");
        }

        if (request.RepeatCount is < 0 or > 10)
        {
            throw new AlertValidationException("repeat_count", "must be between 0 and 10");
        }

        if (request.Signalling.Kind == SignallingKind.AlertTone && AlertAudio.FindPreset(request.Signalling.Preset) is null)
        {
            throw new AlertValidationException("signalling.tone.preset", $"unknown preset '{request.Signalling.Preset}'; known: {string.Join(", ", AlertAudio.TonePresets)}");
        }

        if (request.Signalling.Kind == SignallingKind.Dtmf && (string.IsNullOrEmpty(request.Signalling.DtmfDigits) || request.Signalling.DtmfDigits.Any(c => !"0123456789*#ABCD".Contains(c, StringComparison.Ordinal))))
        {
            throw new AlertValidationException("signalling.dtmf.digits", "use 1-32 of 0-9 * # A-D");
        }

        if (request.Signalling.Kind == SignallingKind.SelCall)
        {
            foreach (var code in request.Signalling.SelCallCodes ?? [])
            {
                if (code.Length is < 1 or > 8 || code.Any(c => !char.IsAsciiDigit(c)))
                {
                    throw new AlertValidationException("signalling.selcall.codes", $"'{code}' is not a selcall code (1-8 digits)");
                }
            }
        }

        if (request.Signalling.Kind == SignallingKind.TwoTone)
        {
            foreach (var code in request.Signalling.TwoTone ?? [])
            {
                if (code.FirstHz is < 200 or > 4000 || code.SecondHz is < 200 or > 4000 || code.FirstMs is < 50 or > 10_000 || code.SecondMs is < 50 or > 10_000)
                {
                    throw new AlertValidationException("signalling.two_tone.codes", "tones must be 200-4000 Hz and 50-10000 ms");
                }
            }
        }

        foreach (var step in request.Escalation)
        {
            if (step.After <= TimeSpan.Zero)
            {
                throw new AlertValidationException("ack_policy.steps.after_seconds", "must be positive");
            }

            foreach (var group in step.TalkGroups)
            {
                if (_switchboard.FindTalkGroup(new TalkGroupId(group)) is null)
                {
                    throw new AlertValidationException("ack_policy.steps.talk_group_ids", $"talk group '{group}' does not exist");
                }
            }
        }

        if (request.Voice is { TtsText: not null, Pcm16: null } && !_speech.Available)
        {
            throw new AlertValidationException("voice.tts", $"text-to-speech needs espeak-ng, which is not installed ('{_options.EspeakPath}' not found)", failedPrecondition: true);
        }

        return groups;
    }

    private List<UnitId> ResolveUnits(IEnumerable<string> explicitUnits, IReadOnlyCollection<TalkGroupId> groups, bool onDutyOnly)
    {
        var result = new List<UnitId>();
        foreach (var unit in explicitUnits.Select(u => _units.Find(new UnitId(u))).Concat(_units.Units.Where(u => u.Settings.TalkGroups.Any(groups.Contains))))
        {
            if (unit is not null && (!onDutyOnly || unit.OnDuty) && !result.Contains(unit.Settings.Id))
            {
                result.Add(unit.Settings.Id);
            }
        }

        return result;
    }

    // ---- Playing ------------------------------------------------------------------------------------

    private async Task PlayInitialAsync(AlertRun run)
    {
        lock (_gate)
        {
            if (!run.Open)
            {
                return;
            }

            run.State = AlertState.Playing;
            var now = _time.GetUtcNow();
            foreach (var unit in run.Order.ToList())
            {
                var status = run.Units[unit];
                if (status.NotifiedAt is null)
                {
                    run.Units[unit] = status with { NotifiedAt = now };
                }
            }

            Changed(run, null);
        }

        var played = await PlayAsync(run, run.Groups, run.Request.Priority, run.Order.ToList());
        lock (_gate)
        {
            if (!run.Open)
            {
                return;
            }

            if (!played && run.Groups.Count > 0)
            {
                End(run, AlertState.Expired, "the alert could not be played in any talk group");
                return;
            }

            if (!run.Request.AckRequired || !run.AnyOutstanding)
            {
                End(run, AlertState.Completed, run.Request.AckRequired ? "every unit acknowledged" : "played; no acknowledgement required");
                return;
            }

            run.ArmedAt = _time.GetUtcNow();
            run.State = run.EscalationStep > 0 ? AlertState.Escalated : AlertState.AwaitingAck;
            Changed(run, null);
            Schedule(run);
        }
    }

    /// <summary>Plays in every group at once; true when at least one group heard it (or there was nothing to play in).</summary>
    private async Task<bool> PlayAsync(AlertRun run, IReadOnlyList<TalkGroupId> groups, Priority priority, IReadOnlyList<UnitId> forUnits)
    {
        if (groups.Count == 0)
        {
            return true;
        }

        var selCalls = forUnits.Select(u => _units.Find(u)?.Settings.SelCall).OfType<string>().Where(s => s.Length > 0).ToList();
        var tones = AlertAudio.Signalling(run.Request.Signalling, selCalls)?.Render() ?? [];
        var voice = run.Request.Voice?.Pcm16 is { } pcm ? AlertAudio.ToFloat(pcm) : [];
        var audio = new float[tones.Length + voice.Length];
        tones.CopyTo(audio, 0);
        voice.CopyTo(audio, tones.Length);
        var results = await Task.WhenAll(groups.Select(async group =>
        {
            await PostTextAsync(run, group);
            string? failure;
            try
            {
                failure = await _player.PlayAsync(run.Id, group, priority, audio, run.Request.RepeatCount, run.Stop.Token);
            }
            catch (OperationCanceledException)
            {
                failure = "cancelled";
            }
            catch (InvalidOperationException ex)
            {
                failure = ex.Message;
            }

            if (failure is not null)
            {
                LogPlayFailed(_logger, run.Id, group, failure);
            }

            _events.Publish(new AlertPlayed(_time.GetUtcNow(), run.Id, group, failure is null, failure));
            return failure is null;
        }));
        return results.Any(r => r);
    }

    /// <summary>Shows the alert's text to the group's members on every text-capable connector (before the audio plays).</summary>
    private async Task PostTextAsync(AlertRun run, TalkGroupId group)
    {
        if (string.IsNullOrWhiteSpace(run.Request.Text))
        {
            return;
        }

        foreach (var channel in _textChannels)
        {
            try
            {
                await channel.PostTextAsync(group, run.Request.Text, run.Stop.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A text connector that is down must not stop the page from being played.
                LogTextPostFailed(_logger, run.Id, group, ex);
            }
        }
    }

    // ---- Acknowledgements -----------------------------------------------------------------------

    /// <summary>Records an acknowledgement. The first one sets the response time; later ones are counted, never change it.</summary>
    public AckOutcome Acknowledge(string alertId, UnitId unit, AckSource via)
    {
        lock (_gate)
        {
            if (!_alerts.TryGetValue(alertId, out var run))
            {
                return new AckOutcome(AckOutcomeKind.UnknownAlert, null, $"alert '{alertId}' does not exist");
            }

            return AcknowledgeLocked(run, unit, via);
        }
    }

    /// <summary>A field acknowledgement (radio, PoC) names only the unit: it acknowledges the unit's newest open alert (else its newest alert, as late).</summary>
    public AckOutcome AcknowledgeLatest(UnitId unit, AckSource via)
    {
        lock (_gate)
        {
            var candidates = _alerts.Values.Where(a => a.Units.ContainsKey(unit)).OrderByDescending(a => a.CreatedAt).ToList();
            var run = candidates.FirstOrDefault(a => a.Open) ?? candidates.FirstOrDefault();
            return run is null
                ? new AckOutcome(AckOutcomeKind.UnitNotTargeted, null, $"unit '{unit}' is not targeted by any alert")
                : AcknowledgeLocked(run, unit, via);
        }
    }

    private AckOutcome AcknowledgeLocked(AlertRun run, UnitId unit, AckSource via)
    {
        if (!run.Units.TryGetValue(unit, out var status))
        {
            return new AckOutcome(AckOutcomeKind.UnitNotTargeted, null, $"unit '{unit}' is not targeted by alert '{run.Id}'");
        }

        var now = _time.GetUtcNow();
        if (status.AcknowledgedAt is not null || !run.Open)
        {
            status = status with { DuplicateAcks = status.DuplicateAcks + 1 };
            run.Units[unit] = status;
            _events.Publish(new AlertAcknowledged(now, run.Id, unit, via, false, status.ResponseTime));
            Persist(run);
            return new AckOutcome(AckOutcomeKind.Duplicate, status, status.AcknowledgedAt is null ? "the alert has ended" : "already acknowledged");
        }

        status = status with { AcknowledgedAt = now, Via = via, NotifiedAt = status.NotifiedAt ?? now };
        run.Units[unit] = status;
        _events.Publish(new AlertAcknowledged(now, run.Id, unit, via, true, status.ResponseTime));
        LogAcknowledged(_logger, run.Id, unit, via, status.ResponseTime?.TotalSeconds ?? 0);
        CompleteIfDone(run);
        Persist(run);
        return new AckOutcome(AckOutcomeKind.First, status);
    }

    public AlertSnapshot? Cancel(string alertId, string? reason)
    {
        lock (_gate)
        {
            if (!_alerts.TryGetValue(alertId, out var run))
            {
                return null;
            }

            if (run.Open)
            {
                End(run, AlertState.Cancelled, string.IsNullOrWhiteSpace(reason) ? "cancelled" : reason);
            }

            return run.Snapshot();
        }
    }

    private void CompleteIfDone(AlertRun run)
    {
        if (run.State is AlertState.AwaitingAck or AlertState.Escalated && !run.AnyOutstanding)
        {
            End(run, AlertState.Completed, "every unit acknowledged");
        }
    }

    private void End(AlertRun run, AlertState state, string reason)
    {
        run.State = state;
        run.EndedAt = _time.GetUtcNow();
        run.EndReason = reason;
        run.Timer?.Dispose();
        run.Timer = null;
        if (state == AlertState.Cancelled)
        {
            run.Stop.Cancel();
        }

        DissolveRegroup(run);
        Changed(run, reason);
    }

    private void Changed(AlertRun run, string? reason)
    {
        _events.Publish(new AlertStateChanged(_time.GetUtcNow(), run.Id, run.State, reason));
        Persist(run);
    }

    private void Persist(AlertRun run) => _saves.Writer.TryWrite(run.Snapshot());

    private async Task SaveLoopAsync()
    {
        await foreach (var snapshot in _saves.Reader.ReadAllAsync())
        {
            try
            {
                await _store.SaveAsync(snapshot);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogPersistFailed(_logger, ex, snapshot.Id);
            }
        }
    }

    // ---- Escalation and deadline --------------------------------------------------------------------

    private void Schedule(AlertRun run)
    {
        run.Timer?.Dispose();
        run.Timer = null;
        if (!run.Open || run.ArmedAt is not { } armed)
        {
            return;
        }

        DateTimeOffset? due = null;
        if (run.EscalationStep < run.Request.Escalation.Count)
        {
            due = armed + run.Request.Escalation[run.EscalationStep].After;
        }

        if (run.Request.AckDeadline is { } deadline && (due is null || armed + deadline < due))
        {
            due = armed + deadline;
        }

        if (due is not { } at)
        {
            return;
        }

        // The timer becomes the run's timer before it is started: a clock may run a callback that is already due inside
        // Change (a fake clock does, e.g. for steps missed while the gateway was down), and that callback reschedules
        // this run. Assigning after starting would overwrite the timer of the following step, which then never fires.
        var delay = at - _time.GetUtcNow();
        var timer = _time.CreateTimer(static state => ((AlertTick)state!).Fire(), new AlertTick(this, run), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        run.Timer = timer;
        timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    private sealed record AlertTick(AlertEngine Engine, AlertRun Run)
    {
        public void Fire() => Engine.OnTimer(Run);
    }

    private void OnTimer(AlertRun run)
    {
        lock (_gate)
        {
            if (!run.Open || run.ArmedAt is not { } armed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (run.Request.AckDeadline is { } deadline && now >= armed + deadline)
            {
                End(run, AlertState.Expired, "acknowledgement deadline passed");
                return;
            }

            if (run.EscalationStep < run.Request.Escalation.Count && now >= armed + run.Request.Escalation[run.EscalationStep].After)
            {
                var step = run.Request.Escalation[run.EscalationStep];
                run.EscalationStep++;
                Escalate(run, step, run.EscalationStep, now);
            }

            Schedule(run);
        }
    }

    private void Escalate(AlertRun run, EscalationStep step, int number, DateTimeOffset now)
    {
        var outstanding = run.Order.Where(u => run.Units[u].Outstanding).ToList();
        var stepGroups = step.TalkGroups.Select(g => new TalkGroupId(g)).Where(g => _switchboard.FindTalkGroup(g) is not null).ToList();
        List<TalkGroupId> playIn;
        List<UnitId> forUnits;
        var priority = run.Request.Priority;
        switch (step.Action)
        {
            case EscalationAction.RepageUnacknowledged:
                forUnits = outstanding;
                // Each outstanding unit is paged again in the alert's groups it belongs to, or else in its own groups (mutual aid).
                playIn = outstanding.SelectMany(u =>
                {
                    var own = OwnGroups(run, u);
                    var shared = own.Where(run.Groups.Contains).ToList();
                    return shared.Count > 0 ? shared : own;
                }).Distinct().ToList();
                break;
            default:
                var added = ResolveUnits([], stepGroups, run.Request.Targets.OnDutyOnly).Where(u => !run.Units.ContainsKey(u)).ToList();
                foreach (var unit in added)
                {
                    run.AddUnit(unit, now);
                }

                forUnits = added;
                playIn = stepGroups;
                if (step.Action == EscalationAction.RaiseEmergency)
                {
                    priority = Priority.Emergency;
                    _events.Publish(new AlertEmergencyRaised(now, run.Id, stepGroups, outstanding));
                }

                break;
        }

        run.State = AlertState.Escalated;
        _events.Publish(new AlertEscalated(now, run.Id, number, step.Action, playIn, outstanding));
        LogEscalated(_logger, run.Id, number, step.Action, outstanding.Count);
        Changed(run, $"escalation step {number}: {step.Action}");
        Start(run, () => PlayAsync(run, playIn, priority, forUnits));
    }

    private void Start(AlertRun run, Func<Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPlayCrashed(_logger, ex, run.Id);
            }
            catch (OperationCanceledException)
            {
            }
        });
        lock (_background)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    // ---- Restart -----------------------------------------------------------------------------------

    private void Resume(AlertSnapshot snapshot)
    {
        var groups = PlayGroups(snapshot.Request, snapshot.Units.Select(u => u.Unit).ToList());
        RestoreRegroup(snapshot, groups);
        AlertRun run;
        lock (_gate)
        {
            run = new AlertRun(snapshot, groups);
            _alerts[run.Id] = run;
            LogResumed(_logger, run.Id, run.State);
            if (run.ArmedAt is not null)
            {
                Schedule(run);
                return;
            }
        }

        // Interrupted before or while playing: play it again.
        Start(run, () => PlayInitialAsync(run));
    }

    // ---- Field signalling ---------------------------------------------------------------------------

    private async Task ListenAsync()
    {
        var reader = _subscription!.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                while (reader.TryRead(out var gatewayEvent))
                {
                    switch (gatewayEvent)
                    {
                        case SignalReceived signal:
                            OnSignal(signal);
                            break;
                        case UnitDutyChanged { OnDuty: false } duty:
                            OnCheckedOut(duty.Unit, duty.Time);
                            break;
                        case UnitPresenceChanged { Online: true } presence:
                            OnUnitOnline(presence);
                            break;
                        default:
                            break;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Handles one field signal (also called directly by tests and connectors that do not use the bus).</summary>
    public void OnSignal(SignalReceived signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        UnitId? unit = null;
        AckSource via;
        switch (signal.Kind)
        {
            case SignalKind.Text:
                var text = signal.Value.Trim();
                if (!_options.AckKeywords.Any(k => string.Equals(k, text, StringComparison.OrdinalIgnoreCase)))
                {
                    return;
                }

                unit = signal.Unit;
                via = AckSource.MumbleText;
                break;
            case SignalKind.SelCall:
                unit = _units.FindByIdentity(UnitIdentityKind.SelCall, signal.Value.Trim())?.Settings.Id;
                via = AckSource.SelCallAni;
                break;
            case SignalKind.Dtmf:
                unit = MatchDtmf(signal.Endpoint, signal.Value);
                if (unit is null)
                {
                    return;
                }

                via = AckSource.Dtmf;
                break;
            default:
                return;
        }

        if (unit is not { } known)
        {
            LogFieldAckRejected(_logger, signal.Kind, signal.Value, "no unit matches");
            return;
        }

        var outcome = AcknowledgeLatest(known, via);
        if (outcome.Kind is AckOutcomeKind.UnknownAlert or AckOutcomeKind.UnitNotTargeted)
        {
            LogFieldAckRejected(_logger, signal.Kind, signal.Value, outcome.Reason ?? "rejected");
        }
    }

    // DTMF may arrive digit by digit: collect per endpoint until '#', or until '*' + a known id is complete.
    private UnitId? MatchDtmf(EndpointId endpoint, string digits)
    {
        lock (_dtmfBuffers)
        {
            var buffer = (_dtmfBuffers.GetValueOrDefault(endpoint) ?? string.Empty) + digits.Trim();
            if (buffer.Length > 24)
            {
                buffer = buffer[^24..];
            }

            var hash = buffer.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                _dtmfBuffers.Remove(endpoint);
                var id = buffer[..hash];
                var star = id.LastIndexOf('*');
                id = star >= 0 ? id[(star + 1)..] : id;
                var unit = _units.FindByIdentity(UnitIdentityKind.DtmfId, id);
                if (unit is null)
                {
                    LogFieldAckRejected(_logger, SignalKind.Dtmf, buffer, "no unit has this DTMF id");
                }

                return unit?.Settings.Id;
            }

            var lastStar = buffer.LastIndexOf('*');
            if (lastStar >= 0 && lastStar < buffer.Length - 1 && _units.FindByIdentity(UnitIdentityKind.DtmfId, buffer[(lastStar + 1)..]) is { } starred)
            {
                _dtmfBuffers.Remove(endpoint);
                return starred.Settings.Id;
            }

            _dtmfBuffers[endpoint] = buffer;
            return null;
        }
    }

    /// <summary>A unit went off duty: on every open alert where it is outstanding it is marked checked out (not a failure).</summary>
    public void OnCheckedOut(UnitId unit, DateTimeOffset at)
    {
        lock (_gate)
        {
            foreach (var run in _alerts.Values.Where(a => a.Open && a.Units.TryGetValue(unit, out var s) && s.Outstanding).ToList())
            {
                run.Units[unit] = run.Units[unit] with { CheckedOutAt = at };
                _events.Publish(new AlertUnitCheckedOut(at, run.Id, unit));
                CompleteIfDone(run);
                Persist(run);
            }
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Alert {AlertId} broadcast at {Priority} to {Units} units in groups {Groups}")]
    private static partial void LogBroadcast(ILogger logger, string alertId, Priority priority, int units, string groups);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Alert {AlertId} not played in {Group}: {Reason}")]
    private static partial void LogPlayFailed(ILogger logger, string alertId, TalkGroupId group, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Alert {AlertId} acknowledged by {Unit} via {Via} after {Seconds:F1} s")]
    private static partial void LogAcknowledged(ILogger logger, string alertId, UnitId unit, AckSource via, double seconds);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Alert {AlertId} escalation step {Step} ({Action}): {Outstanding} units outstanding")]
    private static partial void LogEscalated(ILogger logger, string alertId, int step, EscalationAction action, int outstanding);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Field acknowledgement ignored ({Kind} '{Value}'): {Reason}")]
    private static partial void LogFieldAckRejected(ILogger logger, SignalKind kind, string value, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "Alert {AlertId} could not be saved")]
    private static partial void LogPersistFailed(ILogger logger, Exception exception, string alertId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Alert {AlertId} resumed after restart in state {State}")]
    private static partial void LogResumed(ILogger logger, string alertId, AlertState state);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Alert {AlertId} playback failed")]
    private static partial void LogPlayCrashed(ILogger logger, Exception exception, string alertId);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Alert {AlertId}: its text could not be posted to {TalkGroupId}")]
    private static partial void LogTextPostFailed(ILogger logger, string alertId, TalkGroupId talkGroupId, Exception exception);
}

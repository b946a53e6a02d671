using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Serial.Control;
using Gateway.Core;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Units;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Serial;

/// <summary>
/// One two-way radio as a voice endpoint. Receive: the squelch (sampled every <c>PollMs</c>, debounced, kerchunks
/// ignored) requests the floor at the endpoint's priority and streams captured audio through a short delay line, so the
/// speech captured while the opening was being confirmed is not lost. Transmit: group audio keys the radio, waits the
/// lead-in, plays, and unkeys a tail time after the last audio; a watchdog unkeys after the transmit timeout whatever the
/// router says and locks the group out until its transmission ends.
/// Fail-safe: every failure path (an exception anywhere, a lost port, shutdown) releases PTT first.
/// </summary>
/// <remarks>
/// Two locks, never nested tx-inside-rx in reverse: <c>_rxLock</c> guards the receive side and is held while calling the
/// switchboard; <c>_txLock</c> guards the transmitter and is the only lock <see cref="Deliver"/> takes, so the router
/// (which may hold its own lock while delivering) can never wait on a thread that waits on the router.
/// </remarks>
public sealed partial class RadioEndpoint : IVoiceEndpoint, IAsyncDisposable
{
    private const int PlayoutCapacityFrames = 50;
    private const int MaxDelayFrames = 150;

    /// <summary>A CAT radio that answers no squelch query for this long is reported degraded (wrong baud, address, cable).</summary>
    internal static readonly TimeSpan CatSilenceLimit = TimeSpan.FromSeconds(3);

    private readonly object _rxLock = new();
    private readonly object _txLock = new();
    private readonly RadioSettings _settings;
    private readonly ISwitchboard _switchboard;
    private readonly IHealthRegistry _health;
    private readonly IUnitDirectory? _units;
    private readonly IPttLine _ptt;
    private readonly ISquelchDetector _squelch;
    private readonly IAniDecoder? _ani;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SquelchGate _gate;
    private readonly TransmitController _tx;
    private readonly long _start;
    private readonly Stack<float[]> _framePool = new();
    private readonly Queue<float[]> _playout = new();
    private readonly Queue<float[]> _rxDelay = new();
    private readonly SemaphoreSlim _playoutSignal = new(0, int.MaxValue);
    private readonly Talker _channelTalker;
    private readonly int _preRollFrames;
    private readonly string _component;
    private ITimer? _timer;
    private volatile bool _portConnected;
    private volatile bool _keyedForSquelch;
    private bool _catSilent;
    private RxState _rx;
    private Talker _talker;
    private long _aniDeadlineMs;
    private long _rxSequence;
    private int _disposed;

    public RadioEndpoint(
        RadioSettings settings,
        ISwitchboard switchboard,
        IHealthRegistry health,
        IPttLine ptt,
        ISquelchDetector squelch,
        TimeProvider time,
        ILogger<RadioEndpoint> logger,
        IUnitDirectory? units = null,
        IAniDecoder? ani = null)
    {
        _settings = settings;
        _switchboard = switchboard;
        _health = health;
        _ptt = ptt;
        _squelch = squelch;
        _time = time;
        _logger = logger;
        _units = units;
        _ani = ani;
        _start = time.GetTimestamp();
        _gate = new SquelchGate(settings.DebounceMs, settings.MinOpenMs);
        _tx = new TransmitController(settings.LeadMs, settings.TailMs, settings.TransmitTimeoutSeconds);
        _channelTalker = new Talker(settings.Id, null, settings.Id.Value);
        _talker = _channelTalker;
        _component = "serial:" + settings.Id.Value;

        // Enough frames to cover the time it takes to confirm an opening, plus one poll of slack.
        var confirmMs = Math.Max(settings.DebounceMs, settings.MinOpenMs) + settings.PollMs;
        _preRollFrames = Math.Min(MaxDelayFrames, (confirmMs / AudioFormat.FrameMilliseconds) + 2);
        _portConnected = !settings.NeedsPort;
    }

    private enum RxState
    {
        Idle,
        AwaitingAni,
        Queued,
        Streaming,
        Draining,
        Denied,
    }

    public EndpointId Id => _settings.Id;

    public EndpointKind Kind => EndpointKind.Serial;

    /// <summary>The radio plays PCM: ask the router for 48 kHz linear frames (no codec on this edge).</summary>
    public CodecProfile EgressProfile => CodecProfile.Pcm48k;

    public RadioSettings Settings => _settings;

    /// <summary>Raised when a port operation failed in a way that means the device is gone; the link then reopens it.</summary>
    public event Action<Exception>? PortFault;

    /// <summary>Raised on each captured frame submitted to the switchboard (tests and latency probes).</summary>
    internal event Action<FrameFlags>? FrameSubmitted;

    public TransmitPhase TransmitPhase
    {
        get
        {
            lock (_txLock)
            {
                return _tx.Phase;
            }
        }
    }

    public bool IsReceiving
    {
        get
        {
            lock (_rxLock)
            {
                return _rx is RxState.Streaming or RxState.Draining;
            }
        }
    }

    public bool PortConnected => _portConnected;

    public long KerchunksIgnored
    {
        get
        {
            lock (_rxLock)
            {
                return _gate.KerchunksIgnored;
            }
        }
    }

    public long TransmitTimeouts
    {
        get
        {
            lock (_txLock)
            {
                return _tx.Timeouts;
            }
        }
    }

    public long FramesSubmitted { get; private set; }

    public long FramesPlayed { get; private set; }

    public long PlayoutDropped { get; private set; }

    public long Faults { get; private set; }

    /// <summary>Starts the squelch/timer poll. The connector attaches the endpoint to its group.</summary>
    public void Start()
    {
        var period = TimeSpan.FromMilliseconds(_settings.PollMs);
        _timer = _time.CreateTimer(static state => ((RadioEndpoint)state!).Tick(), this, period, period);
        _health.Report(_component, _portConnected ? HealthState.Healthy : HealthState.Unhealthy,
            _portConnected ? "no serial port needed" : $"waiting for {_settings.Port}");
    }

    // ---- Transmit: router → radio -----------------------------------------------------------------

    public void Deliver(MediaPacket packet)
    {
        try
        {
            lock (_txLock)
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                var now = NowMs;
                var hasAudio = packet.HasPcm && packet.Samples > 0;
                if (hasAudio)
                {
                    if (!_portConnected)
                    {
                        // Never key a radio we cannot unkey.
                        PlayoutDropped++;
                    }
                    else
                    {
                        var command = _tx.OnAudio(now);
                        if (_tx.Phase != TransmitPhase.LockedOut)
                        {
                            EnqueuePlayout(packet.Pcm);
                        }

                        ApplyPtt(command, "group audio");
                        _keyedForSquelch = _tx.IsKeyed;
                    }
                }

                if ((packet.Flags & FrameFlags.EndOfTransmission) != 0)
                {
                    _tx.OnEndOfTransmission(now);
                }
            }
        }
        catch (Exception ex)
        {
            FailSafe(ex, "deliver");
        }
        finally
        {
            packet.Release();
        }
    }

    /// <summary>
    /// The playback pump takes the next frame for the radio; false when nothing may be played now (lead-in, idle).
    /// </summary>
    internal bool TryTakePlayoutFrame(Span<float> destination)
    {
        float[] frame;
        lock (_txLock)
        {
            if (!_tx.AudioFlows || _playout.Count == 0)
            {
                return false;
            }

            frame = _playout.Dequeue();
            FramesPlayed++;
        }

        frame.AsSpan().CopyTo(destination);
        ReturnFrame(frame);
        return true;
    }

    /// <summary>
    /// Blocks the playback thread until playout audio may be available (signalled by delivery and by the timer).
    /// Synchronous on purpose: the playback thread is dedicated, and a blocking wait allocates nothing per frame.
    /// </summary>
    internal bool WaitForPlayout(TimeSpan timeout, CancellationToken cancellationToken) =>
        _playoutSignal.Wait(timeout, cancellationToken);

    /// <summary>Last-resort release from a process-exit or unhandled-exception handler: PTT to receive, nothing else.</summary>
    public void EmergencyRelease() => ReleasePttFailSafe("process exit");

    /// <summary>The playback device failed: audio can no longer reach the radio, so PTT is released.</summary>
    internal void ReportAudioFault(Exception exception) => FailSafe(exception, "playback", portRelated: false);

    // ---- Receive: radio → group -------------------------------------------------------------------

    /// <summary>One captured 20 ms frame at 48 kHz (from the capture pump).</summary>
    internal void OnCapturedFrame(ReadOnlySpan<float> frame48k)
    {
        (_squelch as VoxSquelch)?.Process(frame48k);
        try
        {
            lock (_rxLock)
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                switch (_rx)
                {
                    case RxState.Idle:
                        EnqueueDelay(frame48k, _preRollFrames);
                        break;
                    case RxState.AwaitingAni:
                        EnqueueDelay(frame48k, MaxDelayFrames);
                        if (_ani!.TryDecode(frame48k, out var identity))
                        {
                            RequestFloor(ResolveTalker(identity));
                        }

                        break;
                    case RxState.Queued:
                        EnqueueDelay(frame48k, MaxDelayFrames);
                        break;
                    case RxState.Streaming:
                        EnqueueDelay(frame48k, MaxDelayFrames);
                        SubmitHead();
                        break;
                    case RxState.Draining:
                        SubmitHead();
                        if (_rxDelay.Count == 0)
                        {
                            FinishReceive();
                        }

                        break;
                    default:
                        break;
                }
            }
        }
        catch (Exception ex)
        {
            FailSafe(ex, "capture");
        }
    }

    public void OnFloorNotice(FloorNotice notice)
    {
        lock (_rxLock)
        {
            switch (notice.Kind)
            {
                case FloorNoticeKind.Granted when _rx == RxState.Queued:
                    _rx = RxState.Streaming;
                    _rxSequence = 0;
                    break;
                case FloorNoticeKind.Revoked or FloorNoticeKind.QueueExpired when _rx is RxState.Queued or RxState.Streaming or RxState.Draining:
                    Log.FloorLost(_logger, Id, notice.Kind, notice.RevokeReason);
                    _rx = RxState.Denied;
                    ClearDelay();
                    break;
                default:
                    break;
            }
        }
    }

    // ---- Port state (from the serial link) ---------------------------------------------------------

    /// <summary>The port (re)opened: drive PTT to receive before anything else — a radio is never keyed on reopen.</summary>
    public void OnPortConnected()
    {
        lock (_txLock)
        {
            _tx.ForceRelease();
            _ptt.Set(false);
            _portConnected = true;
        }

        lock (_rxLock)
        {
            _gate.Reset();
        }

        _switchboard.SetEndpointOnline(Id, true, "serial port open");
        _health.Report(_component, HealthState.Healthy, $"{_settings.Port} open");
        Log.PortConnected(_logger, Id, _settings.Port);
    }

    /// <summary>The port vanished (unplugged, pty gone): PTT state is forced safe, receive ends, the endpoint is unhealthy.</summary>
    public void OnPortLost(string reason)
    {
        _portConnected = false;
        ReleasePttFailSafe("port lost");
        lock (_rxLock)
        {
            if (_gate.Reset() == SquelchTransition.Closed || _rx != RxState.Idle)
            {
                EndReceive();
            }
        }

        _switchboard.SetEndpointOnline(Id, false, reason);
        _health.Report(_component, HealthState.Unhealthy, $"{_settings.Port}: {reason}");
        Log.PortLost(_logger, Id, _settings.Port, reason);
    }

    // ---- Timer --------------------------------------------------------------------------------------

    /// <summary>The poll: squelch sample, floor decisions, transmit timers. Public for hosts that drive time themselves.</summary>
    internal void Tick()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            var now = NowMs;
            TickReceive(now);
            CheckCatAnswers();
            bool signal;
            lock (_txLock)
            {
                ApplyPtt(_tx.Tick(now, _playout.Count > 0), "timer");
                signal = _tx.AudioFlows && _playout.Count > 0;
                _keyedForSquelch = _tx.IsKeyed;
            }

            if (signal)
            {
                _playoutSignal.Release();
            }
        }
        catch (Exception ex)
        {
            FailSafe(ex, "timer");
        }
    }

    private void TickReceive(long now)
    {
        bool raw;
        try
        {
            raw = _portConnected && _squelch.Sample();
            if (raw && _settings.IgnoreSquelchWhileTransmitting && _keyedForSquelch)
            {
                raw = false;
            }
        }
        catch (IOException ex)
        {
            ReleasePttFailSafe("squelch read failed");
            PortFault?.Invoke(ex);
            raw = false;
        }

        lock (_rxLock)
        {
            switch (_gate.Update(raw, now))
            {
                case SquelchTransition.Opened:
                    OnSquelchOpened(now);
                    break;
                case SquelchTransition.Closed:
                    Log.SquelchClosed(_logger, Id);
                    EndReceive();
                    break;
                default:
                    break;
            }

            if (_rx == RxState.AwaitingAni && now >= _aniDeadlineMs)
            {
                RequestFloor(_channelTalker);
            }
        }
    }

    private void CheckCatAnswers()
    {
        if (_squelch is not Transport.CatRadio cat || !_portConnected)
        {
            return;
        }

        var silent = cat.SinceLastAnswer > CatSilenceLimit;
        if (silent == _catSilent)
        {
            return;
        }

        _catSilent = silent;
        if (silent)
        {
            Log.CatSilent(_logger, Id, _settings.Port, (long)CatSilenceLimit.TotalSeconds);
            _health.Report(_component, HealthState.Degraded, $"radio on {_settings.Port} does not answer {cat.Method} queries (check baud rate, CI-V address, cable)");
        }
        else
        {
            _health.Report(_component, HealthState.Healthy, $"{_settings.Port} open, radio answering");
        }
    }

    private void OnSquelchOpened(long now)
    {
        // Keep only the frames captured since the raw opening: they are the start of the transmission.
        var framesSinceOpen = (int)((now - _gate.OpenedRawAtMs) / AudioFormat.FrameMilliseconds) + 1;
        while (_rxDelay.Count > framesSinceOpen)
        {
            ReturnFrame(_rxDelay.Dequeue());
        }

        Log.SquelchOpened(_logger, Id, now - _gate.OpenedRawAtMs);
        if (_ani is null)
        {
            RequestFloor(_channelTalker);
            return;
        }

        _ani.Reset();
        foreach (var frame in _rxDelay)
        {
            if (_ani.TryDecode(frame, out var identity))
            {
                RequestFloor(ResolveTalker(identity));
                return;
            }
        }

        _rx = RxState.AwaitingAni;
        _aniDeadlineMs = _gate.OpenedRawAtMs + _settings.AniWaitMs;
    }

    private Talker ResolveTalker(string identity)
    {
        var unit = _units?.FindByIdentity(_ani!.IdentityKind, identity);
        if (unit is null)
        {
            Log.AniUnknown(_logger, Id, identity);
            return _channelTalker with { DisplayName = $"{_settings.Id.Value} ANI {identity}" };
        }

        Log.AniDecoded(_logger, Id, identity, unit.Settings.Id);
        return new Talker(Id, unit.Settings.Id, unit.Settings.Name);
    }

    private void RequestFloor(Talker talker)
    {
        _talker = talker;
        var outcome = _switchboard.RequestFloor(new FloorRequest(_settings.TalkGroup, talker, _settings.Priority));
        Log.FloorRequested(_logger, Id, _settings.Priority, outcome.Kind);
        _rxSequence = 0;
        switch (outcome.Kind)
        {
            case FloorOutcomeKind.Granted:
                _rx = RxState.Streaming;
                break;
            case FloorOutcomeKind.Queued:
                _rx = RxState.Queued;
                break;
            default:
                _rx = RxState.Denied;
                ClearDelay();
                break;
        }
    }

    private void EndReceive()
    {
        switch (_rx)
        {
            case RxState.Streaming when _rxDelay.Count > 0 && _portConnected:
                // Play out what is in the delay line at capture pace, then end the transmission.
                _rx = RxState.Draining;
                break;
            case RxState.Streaming or RxState.Draining:
                FinishReceive();
                break;
            case RxState.Queued:
                _switchboard.ReleaseFloor(Id, _settings.TalkGroup);
                _rx = RxState.Idle;
                ClearDelay();
                break;
            default:
                _rx = RxState.Idle;
                ClearDelay();
                break;
        }
    }

    private void FinishReceive()
    {
        _rx = RxState.Idle;
        ClearDelay();
        try
        {
            _switchboard.SubmitFrame(Id, _settings.TalkGroup, ReadOnlySpan<float>.Empty, ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, FrameFlags.EndOfTransmission);
            FrameSubmitted?.Invoke(FrameFlags.EndOfTransmission);
        }
        finally
        {
            _switchboard.ReleaseFloor(Id, _settings.TalkGroup);
            Log.FloorReleased(_logger, Id);
        }
    }

    private void SubmitHead()
    {
        if (_rxDelay.Count == 0)
        {
            return;
        }

        var frame = _rxDelay.Dequeue();
        var flags = _rxSequence == 0 ? FrameFlags.StartOfTransmission : FrameFlags.None;
        _rxSequence++;
        try
        {
            _switchboard.SubmitFrame(Id, _settings.TalkGroup, frame, ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, flags);
            FramesSubmitted++;
            FrameSubmitted?.Invoke(flags);
        }
        finally
        {
            ReturnFrame(frame);
        }
    }

    // ---- PTT and fail-safe --------------------------------------------------------------------------

    private void ApplyPtt(PttCommand command, string why)
    {
        switch (command)
        {
            case PttCommand.Key:
                _ptt.Set(true);
                Log.Keyed(_logger, Id, _ptt.Method, why);
                break;
            case PttCommand.Unkey:
                _ptt.Set(false);
                ClearPlayout();
                Log.Unkeyed(_logger, Id, _ptt.Method, why, _tx.Phase == TransmitPhase.LockedOut);
                if (_tx.Phase == TransmitPhase.LockedOut)
                {
                    _health.Report(_component, HealthState.Degraded, $"transmit timeout after {_settings.TransmitTimeoutSeconds} s: locked out until the group releases");
                }

                _ = ConfirmUnkeyAsync();
                break;
            default:
                break;
        }
    }

    /// <summary>Releases PTT whatever state we think it is in; never throws.</summary>
    private void ReleasePttFailSafe(string why)
    {
        lock (_txLock)
        {
            _tx.ForceRelease();
            _keyedForSquelch = false;
            ClearPlayout();
            try
            {
                _ptt.Set(false);
                Log.Unkeyed(_logger, Id, _ptt.Method, why, false);
            }
            catch (Exception ex)
            {
                // The port is gone: closing it (the link does) drops RTS/DTR under HUPCL; a CAT radio falls back to its own TOT.
                Log.UnkeyFailed(_logger, ex, Id, _ptt.Method);
            }
        }
    }

    private void FailSafe(Exception ex, string where, bool portRelated = true)
    {
        Faults++;
        ReleasePttFailSafe("fault in " + where);
        Log.Fault(_logger, ex, Id, where);
        EndReceptionSafely("fail-safe floor release");

        if (portRelated && ex is IOException or UnauthorizedAccessException)
        {
            PortFault?.Invoke(ex);
        }
    }

    /// <summary>Ends a reception in progress and gives the floor back; a fault here is logged, never thrown, because
    /// it runs on the fail-safe and shutdown paths.</summary>
    private void EndReceptionSafely(string where)
    {
        try
        {
            lock (_rxLock)
            {
                if (_rx != RxState.Idle)
                {
                    _rx = RxState.Idle;
                    ClearDelay();
                    _switchboard.ReleaseFloor(Id, _settings.TalkGroup);
                }
            }
        }
        catch (Exception ex)
        {
            Log.Fault(_logger, ex, Id, where);
        }
    }

    private async Task ConfirmUnkeyAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3), _time);
            if (!await _ptt.ConfirmReceiveAsync(cts.Token).ConfigureAwait(false))
            {
                Log.UnkeyNotConfirmed(_logger, Id, _ptt.Method);
                _health.Report(_component, HealthState.Degraded, "radio did not confirm receive after unkey");
            }
        }
        catch (Exception ex)
        {
            Log.UnkeyFailed(_logger, ex, Id, _ptt.Method);
        }
    }

    // ---- Buffers ------------------------------------------------------------------------------------

    private void EnqueuePlayout(float[] pcm)
    {
        if (_playout.Count >= PlayoutCapacityFrames)
        {
            ReturnFrame(_playout.Dequeue());
            PlayoutDropped++;
        }

        var frame = RentFrame();
        pcm.AsSpan(0, AudioFormat.FrameSamples).CopyTo(frame);
        _playout.Enqueue(frame);
        if (_tx.AudioFlows)
        {
            _playoutSignal.Release();
        }
    }

    private void EnqueueDelay(ReadOnlySpan<float> pcm, int capacity)
    {
        while (_rxDelay.Count >= capacity)
        {
            ReturnFrame(_rxDelay.Dequeue());
        }

        var frame = RentFrame();
        var n = Math.Min(pcm.Length, frame.Length);
        pcm[..n].CopyTo(frame);
        frame.AsSpan(n).Clear();
        _rxDelay.Enqueue(frame);
    }

    private void ClearPlayout()
    {
        while (_playout.Count > 0)
        {
            ReturnFrame(_playout.Dequeue());
        }
    }

    private void ClearDelay()
    {
        while (_rxDelay.Count > 0)
        {
            ReturnFrame(_rxDelay.Dequeue());
        }
    }

    private float[] RentFrame()
    {
        lock (_framePool)
        {
            return _framePool.Count > 0 ? _framePool.Pop() : new float[AudioFormat.FrameSamples];
        }
    }

    private void ReturnFrame(float[] frame)
    {
        lock (_framePool)
        {
            _framePool.Push(frame);
        }
    }

    private long NowMs => (long)_time.GetElapsedTime(_start).TotalMilliseconds;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Shutdown: PTT first, then the floor, then the timer.
        ReleasePttFailSafe("shutdown");
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        EndReceptionSafely("shutdown floor release");

        if (_portConnected && _settings.UsesCat)
        {
            await ConfirmUnkeyAsync().ConfigureAwait(false);
        }

        _health.Report(_component, HealthState.Unhealthy, "stopped");
        _playoutSignal.Release();
    }
}

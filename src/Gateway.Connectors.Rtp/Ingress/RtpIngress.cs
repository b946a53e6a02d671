using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp.Ingress;

/// <summary>
/// Incoming media of one RTP endpoint: validates packets against the current talk spurt (SSRC, RFC 3550 sequence state,
/// jitter), asks for the floor on the first packet of a spurt, buffers for reordering, and plays the spurt out into
/// the switchboard on a 20 ms clock (see RtpIngress.Playout.cs). The receive thread and the play-out share state under
/// one lock; floor calls and <see cref="ISwitchboard.SubmitFrame"/> happen outside it.
/// </summary>
internal sealed partial class RtpIngress : IDisposable
{
    private readonly object _sync = new();

    // Serialises frame production + submission between the play-out tick and the on-arrival path, so frames reach the
    // switchboard in order; taken before _sync, never while holding it.
    private readonly object _emit = new();
    private readonly RtpEndpointSettings _settings;
    private readonly ISwitchboard _switchboard;
    private readonly IEventBus? _events;
    private readonly TimeProvider _time;
    private readonly RtpCounters _counters;
    private readonly ILogger _logger;
    private readonly ICodecFactory _codecs;
    private IAudioDecoder? _decoder; // created with the first spurt: endpoints that only listen never decode
    private readonly ReorderBuffer _buffer = new(128, G711Payload.MaxBytes);
    private readonly RtpSequenceTracker _tracker = new();
    private readonly RtpJitterEstimator _jitter = new();
    private byte[]? _held;
    private readonly long _epoch;
    private readonly Talker _talker;
    private readonly bool _direct;
    private int _heldLength;
    private ushort _heldSequence;
    private uint _heldTimestamp;
    private int _heldSamples;
    private bool _hasHeld;
    private uint _ssrc;
    private bool _hasSsrc;
    private SpurtPhase _phase;
    private long _lastArrival;
    private long _spurtStart;
    private uint _lastRtpTimestamp;
    private bool _endRequested;
    private uint _lastDtmfTimestamp;
    private uint _lastDtmfSsrc;
    private bool _hasDtmf;

    // Lateness against the spurt's best transit (arrival minus RTP timestamp, in clock units): a backlog read from the
    // socket long after it arrived shows as packets much later than the earliest ones, and is skipped.
    private int _minTransit;
    private bool _hasTransit;

    public RtpIngress(
        RtpEndpointSettings settings,
        ISwitchboard switchboard,
        ICodecFactory codecs,
        IEventBus? events,
        TimeProvider time,
        RtpCounters counters,
        ILogger logger)
    {
        _settings = settings;
        _switchboard = switchboard;
        _events = events;
        _time = time;
        _counters = counters;
        _logger = logger;
        _codecs = codecs;
        _epoch = time.GetTimestamp();
        _talker = new Talker(settings.Id, null, settings.Id.Value);
        _direct = settings.JitterMin == TimeSpan.Zero;
    }

    /// <summary>
    /// Tells whether datagrams are still waiting in the socket. The silence timeout consults it so that a process stalled
    /// by the scheduler (the play-out waking before the receive thread) does not end a spurt whose packets already arrived.
    /// </summary>
    public Func<bool>? PendingInput { get; set; }

    /// <summary>SSRC of the stream we currently follow (for RTCP report blocks), or null.</summary>
    public uint? RemoteSsrc
    {
        get
        {
            lock (_sync)
            {
                return _hasSsrc ? _ssrc : null;
            }
        }
    }

    internal SpurtPhase Phase
    {
        get
        {
            lock (_sync)
            {
                return _phase;
            }
        }
    }

    /// <summary>A reception report block about the stream we follow (RFC 3550 §6.4.1); false when we follow none.</summary>
    public bool TryBuildReportBlock(uint lastSenderReport, uint delaySinceLastSenderReport, out RtcpReportBlock block)
    {
        lock (_sync)
        {
            if (!_hasSsrc || !_tracker.Initialized)
            {
                block = default;
                return false;
            }

            block = new RtcpReportBlock(
                _ssrc,
                _tracker.TakeFractionLost(),
                (int)Math.Clamp(_tracker.Lost, -0x800000, 0x7FFFFF),
                (uint)_tracker.ExtendedMax,
                _jitter.Jitter,
                lastSenderReport,
                delaySinceLastSenderReport);
            return true;
        }
    }

    /// <summary>Sequence and jitter figures for statistics, read consistently.</summary>
    public (long Lost, long Expected, double JitterMs) ReceptionFigures()
    {
        lock (_sync)
        {
            return (Math.Max(0, _tracker.Lost), _tracker.Expected, _jitter.JitterMilliseconds(_settings.ClockRate));
        }
    }

    /// <summary>Handles one valid RTP packet. Returns None when it was used (buffered, held or a DTMF event) or why it was dropped.</summary>
    public RtpDropReason OnPacket(in RtpHeader header, ReadOnlySpan<byte> payload, out bool held)
    {
        held = false;
        if (header.PayloadType == _settings.TelephoneEventPayloadType)
        {
            return OnTelephoneEvent(header, payload);
        }

        if (header.PayloadType != _settings.PayloadType)
        {
            return RtpDropReason.UnexpectedPayloadType;
        }

        var samples = _settings.Profile.Codec == CodecKind.Opus ? OpusPayload.GetSamples(payload) : G711Payload.GetSamples48k(payload);
        if (samples <= 0)
        {
            return RtpDropReason.BadPayload;
        }

        var now = _time.GetTimestamp();
        bool requestFloor, emit;
        lock (_sync)
        {
            if (!_hasSsrc || header.Ssrc != _ssrc)
            {
                if (_hasSsrc && _phase != SpurtPhase.Idle)
                {
                    // Another source talks over the current spurt. Its marker says it starts a spurt of its own: end ours
                    // once drained so the next packets start a fresh spurt from the new source.
                    if (header.Marker)
                    {
                        _endRequested = true;
                        return RtpDropReason.SpurtChange;
                    }

                    return RtpDropReason.ForeignSsrc;
                }

                Adopt(header.Ssrc);
            }
            else if (_phase != SpurtPhase.Idle && Math.Abs((long)unchecked((int)(header.Timestamp - _lastRtpTimestamp))) > _settings.ClockRate * 10L)
            {
                // A large timestamp jump on the same SSRC is a new spurt (RFC 3551: the sender restarted its clock).
                _endRequested = true;
                return RtpDropReason.SpurtChange;
            }

            if (_endRequested)
            {
                return RtpDropReason.SpurtChange;
            }

            if (_phase != SpurtPhase.Idle && IsStaleLocked(now, header.Timestamp))
            {
                _lastArrival = now; // the talker is still talking: the spurt (and its baseline) must not time out
                return RtpDropReason.Stale;
            }

            var result = _tracker.Update(header.SequenceNumber);
            switch (result)
            {
                case SequenceResult.Probation:
                    if (_hasHeld)
                    {
                        // The previously held packet never got a successor: it failed probation.
                        _counters.Drop(RtpDropReason.SequenceProbation);
                        Interlocked.Decrement(ref _counters.Held);
                    }

                    payload.CopyTo(_held ??= new byte[G711Payload.MaxBytes]);
                    _heldLength = payload.Length;
                    _heldSequence = header.SequenceNumber;
                    _heldTimestamp = header.Timestamp;
                    _heldSamples = samples;
                    _hasHeld = true;
                    held = true;
                    return RtpDropReason.None;
                case SequenceResult.BadJump:
                    return RtpDropReason.SequenceProbation;
                case SequenceResult.Restarted:
                    _buffer.Reset();
                    _hasTransit = false;
                    break;
            }

            if (_phase is SpurtPhase.Queued or SpurtPhase.Denied)
            {
                _lastArrival = now;
                ReleaseHeld(accepted: false);
                return RtpDropReason.FloorNotHeld;
            }

            requestFloor = _phase == SpurtPhase.Idle;
            if (requestFloor)
            {
                _phase = SpurtPhase.Requesting;
                _spurtStart = now;
                _playing = false;
                _endRequested = false;
                _decoder?.Reset();
                _buffer.Reset();
                _hasTransit = false;
                IsStaleLocked(now, header.Timestamp); // the spurt's first packet sets the transit baseline
                Interlocked.Increment(ref _counters.TalkSpurts);
            }

            _jitter.Update(ToClockUnits(now), header.Timestamp);
            _lastArrival = now;
            _lastRtpTimestamp = header.Timestamp;
            if (_hasHeld && result == SequenceResult.Validated && (ushort)(_heldSequence + 1) == header.SequenceNumber)
            {
                Insert(_tracker.Extend(_heldSequence), _heldTimestamp, _heldSamples, _held.AsSpan(0, _heldLength));
                ReleaseHeld(accepted: true);
            }
            else
            {
                ReleaseHeld(accepted: false);
            }

            var outcome = Insert(_tracker.Extend(header.SequenceNumber), header.Timestamp, samples, payload);
            if (outcome != RtpDropReason.None)
            {
                if (requestFloor)
                {
                    // The packet that would have opened the spurt was refused: no spurt started, so nothing may be
                    // left waiting in Requesting for a floor request that is never made.
                    _phase = SpurtPhase.Idle;
                    Interlocked.Decrement(ref _counters.TalkSpurts);
                }

                return outcome;
            }

            if (result == SequenceResult.Misordered)
            {
                Interlocked.Increment(ref _counters.Reordered);
            }

            emit = _direct && _phase == SpurtPhase.Held;
        }

        if (requestFloor)
        {
            // A synchronous grant lets the on-arrival path play the packets buffered meanwhile.
            emit = RequestFloor() && _direct;
        }

        if (emit)
        {
            EmitOnArrival();
        }

        return RtpDropReason.None;
    }

    /// <summary>The peer said goodbye (RTCP BYE): its spurt ends once the buffer has drained.</summary>
    public void OnBye(uint ssrc)
    {
        lock (_sync)
        {
            if (_hasSsrc && ssrc == _ssrc && _phase != SpurtPhase.Idle)
            {
                _endRequested = true;
            }
        }
    }

    /// <summary>A floor decision about our request, from the switchboard.</summary>
    public void OnFloorNotice(FloorNotice notice)
    {
        lock (_sync)
        {
            switch (notice.Kind)
            {
                case FloorNoticeKind.Granted when _phase is SpurtPhase.Requesting or SpurtPhase.Queued:
                    _phase = SpurtPhase.Held;
                    _buffer.Reset();
                    _playing = false;
                    _spurtStart = _time.GetTimestamp();
                    break;
                case FloorNoticeKind.Revoked or FloorNoticeKind.QueueExpired when _phase != SpurtPhase.Idle:
                    _phase = SpurtPhase.Denied;
                    _buffer.Reset();
                    _playing = false;
                    break;
            }
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _decoder?.Dispose();
            _decoder = null;
            ReturnAccumulatorLocked();
        }
    }

    /// <summary>Asks for the floor; true when we hold it afterwards.</summary>
    private bool RequestFloor()
    {
        FloorOutcome outcome;
        try
        {
            outcome = _switchboard.RequestFloor(new FloorRequest(_settings.TalkGroup, _talker, _settings.Priority));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            LogFloorRequestFailed(_logger, _settings.Id, _settings.TalkGroup, ex);
            outcome = new FloorOutcome(FloorOutcomeKind.Denied, Reason: ex.Message);
        }

        lock (_sync)
        {
            if (_phase != SpurtPhase.Requesting)
            {
                return _phase == SpurtPhase.Held; // a notice (grant or revoke) overtook the synchronous answer
            }

            switch (outcome.Kind)
            {
                case FloorOutcomeKind.Granted:
                    _phase = SpurtPhase.Held;
                    break;
                case FloorOutcomeKind.Queued:
                    _phase = SpurtPhase.Queued;
                    _buffer.Reset();
                    break;
                default:
                    _phase = SpurtPhase.Denied;
                    _buffer.Reset();
                    break;
            }
        }

        LogFloorOutcome(_logger, _settings.Id, _settings.TalkGroup, outcome.Kind);
        return outcome.Kind == FloorOutcomeKind.Granted;
    }

    private RtpDropReason Insert(long sequence, uint timestamp, int samples, ReadOnlySpan<byte> payload)
    {
        var result = _buffer.Insert(sequence, timestamp, samples, payload, out var evicted);
        if (evicted > 0)
        {
            _counters.Skip(evicted);
        }

        return result switch
        {
            InsertResult.Inserted => RtpDropReason.None,
            InsertResult.TooLarge => RtpDropReason.BadPayload,
            _ => RtpDropReason.DuplicateOrLate,
        };
    }

    private void ReleaseHeld(bool accepted)
    {
        if (!_hasHeld)
        {
            return;
        }

        _hasHeld = false;
        Interlocked.Decrement(ref _counters.Held);
        if (accepted)
        {
            Interlocked.Increment(ref _counters.Accepted);
        }
        else
        {
            _counters.Drop(RtpDropReason.SequenceProbation);
        }
    }

    private void Adopt(uint ssrc)
    {
        _ssrc = ssrc;
        _hasSsrc = true;
        _hasTransit = false;
        _tracker.Reset();
        _jitter.Reset();
        if (_hasHeld)
        {
            ReleaseHeld(accepted: false);
        }
    }

    /// <summary>
    /// True when this packet arrives more than <see cref="RtpEndpointSettings.JitterMax"/> + 100 ms later than the
    /// spurt's earliest transit predicts. Normal jitter stays far below that; a process that fell seconds behind (its
    /// socket queue full of old audio) drops the backlog cheaply, unplayed, and is back in real time within a pass over
    /// the queue. Per spurt, so sender clock drift cannot accumulate into false drops.
    /// </summary>
    private bool IsStaleLocked(long now, uint rtpTimestamp)
    {
        var transit = unchecked((int)((uint)ToClockUnits(now) - rtpTimestamp));
        if (!_hasTransit || transit - _minTransit < 0)
        {
            _minTransit = transit;
            _hasTransit = true;
            return false;
        }

        var limit = (_settings.JitterMax.TotalSeconds + 0.1) * _settings.ClockRate;
        return transit - _minTransit > limit;
    }

    private long ToClockUnits(long timestamp) =>
        (long)((timestamp - _epoch) * (double)_settings.ClockRate / _time.TimestampFrequency);

    private RtpDropReason OnTelephoneEvent(in RtpHeader header, ReadOnlySpan<byte> payload)
    {
        if (!TelephoneEvent.TryRead(payload, out var dtmf))
        {
            return RtpDropReason.BadTelephoneEvent;
        }

        // RFC 4733: the end packet is sent three times with the same timestamp; report the digit once, on the first.
        if (!dtmf.End || (_hasDtmf && header.Timestamp == _lastDtmfTimestamp && header.Ssrc == _lastDtmfSsrc))
        {
            return RtpDropReason.None;
        }

        _hasDtmf = true;
        _lastDtmfTimestamp = header.Timestamp;
        _lastDtmfSsrc = header.Ssrc;
        var digit = TelephoneEvent.ToDigit(dtmf.Event);
        if (digit == '\0')
        {
            return RtpDropReason.None;
        }

        Interlocked.Increment(ref _counters.DtmfDigits);
        LogDtmf(_logger, _settings.Id, digit);
        _events?.Publish(new SignalReceived(_time.GetUtcNow(), _settings.Id, _settings.TalkGroup, null, SignalKind.Dtmf, digit.ToString()));
        return RtpDropReason.None;
    }
}

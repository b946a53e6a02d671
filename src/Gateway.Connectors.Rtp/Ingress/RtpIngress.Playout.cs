using System.Buffers;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Core.Media;

namespace Gateway.Connectors.Rtp.Ingress;

/// <summary>
/// The play-out side: once per 20 ms tick of the endpoint's clock it turns buffered packets into exactly one internal
/// frame (decoding, concealing holes, re-framing other packet sizes) and submits it. The buffer adapts: play-out starts
/// at <see cref="RtpEndpointSettings.JitterMin"/> of buffered audio, stretches by a frame on underrun (the delay grows
/// when the network is late), and skips the oldest packet when more than <see cref="RtpEndpointSettings.JitterMax"/> is queued.
/// </summary>
internal sealed partial class RtpIngress
{
    private const int AccumulatorSamples = OpusPayload.MaxSamples + AudioFormat.FrameSamples;

    // Play-out buffers exist only for endpoints that talk: the accumulator (27 KB) is rented per spurt and returned at
    // its end; the frame handed to the switchboard is allocated with the first spurt and kept (it is read after the
    // spurt's last frame ended the spurt).
    private float[]? _accumulator;
    private float[] _frame = [];
    private byte[] _framePayload = [];
    private int _accumulated;
    private int _framePayloadLength;
    private bool _playing;
    private bool _firstFrame;
    private bool _endOnly;
    private long _minSpanInWindow = long.MaxValue;
    private int _ticksInWindow;
    private long _holeSeen = -1;

    /// <summary>
    /// Advances the play-out clock by one 20 ms tick. Called by the endpoint's clock loop (tests call it directly with
    /// a fake clock). Returns true when a frame was submitted.
    /// </summary>
    public bool Tick()
    {
        // Most endpoints are idle most of the time and the shared clock ticks them all: an idle one costs one field
        // read, no lock. (A spurt that starts right after this read is picked up on the next tick.)
        if (_phase == SpurtPhase.Idle)
        {
            return false;
        }

        lock (_emit)
        {
            var submitted = TickLocked();
            if (_direct)
            {
                // A hole concealed on this tick may have unblocked packets that arrived behind it.
                submitted |= EmitReadyLocked();
            }

            return submitted;
        }
    }

    /// <summary>
    /// The on-arrival path (JitterMinMs = 0): called by the receive thread after a packet went into the buffer, it
    /// plays out every packet that is next in sequence right away, so an in-order stream adds no buffering delay.
    /// A packet after a hole waits: the tick conceals the hole once it has been missing for a whole tick (the
    /// reordering allowance), then the waiting packets follow.
    /// </summary>
    private void EmitOnArrival()
    {
        lock (_emit)
        {
            EmitReadyLocked();
        }
    }

    /// <summary>Plays out whole 20 ms packets that are due now; caller holds <see cref="_emit"/>.</summary>
    private bool EmitReadyLocked()
    {
        var any = false;
        while (true)
        {
            FrameFlags flags;
            bool submit, release;
            lock (_sync)
            {
                if (_phase != SpurtPhase.Held || _accumulated != 0 || _buffer.Peek(out var slot) != PeekResult.Ready || slot.Samples != AudioFormat.FrameSamples)
                {
                    return any;
                }

                flags = ProduceFrameLocked(_time.GetTimestamp(), out submit, out release);
            }

            if (submit)
            {
                SubmitCurrentFrame(flags);
                any = true;
            }

            if (release)
            {
                _switchboard.ReleaseFloor(_settings.Id, _settings.TalkGroup);
            }

            if (!submit || release)
            {
                return any;
            }
        }
    }

    private void SubmitCurrentFrame(FrameFlags flags)
    {
        var payload = _framePayloadLength > 0 ? _framePayload.AsSpan(0, _framePayloadLength) : default;
        var pcm = _endOnly ? default : _frame.AsSpan();
        _endOnly = false;
        _switchboard.SubmitFrame(_settings.Id, _settings.TalkGroup, pcm, payload, _settings.Profile, flags);
        Interlocked.Increment(ref _counters.FramesSubmitted);
        _counters.FrameIn();
    }

    private bool TickLocked()
    {
        var now = _time.GetTimestamp();
        FrameFlags flags;
        bool release = false, submit = false;
        lock (_sync)
        {
            switch (_phase)
            {
                case SpurtPhase.Idle:
                    return false;
                case SpurtPhase.Requesting:
                    return false;
                case SpurtPhase.Queued or SpurtPhase.Denied:
                    if (_endRequested || SilenceTimedOut(now))
                    {
                        release = _phase == SpurtPhase.Queued; // withdraw the queued request
                        EndSpurtLocked();
                    }

                    break;
            }

            if (_phase != SpurtPhase.Held)
            {
                flags = FrameFlags.None;
            }
            else
            {
                flags = ProduceFrameLocked(now, out submit, out release);
            }
        }

        if (submit)
        {
            SubmitCurrentFrame(flags);
        }

        if (release)
        {
            _switchboard.ReleaseFloor(_settings.Id, _settings.TalkGroup);
        }

        return submit;
    }

    /// <summary>Ends a held spurt at shutdown: submits end of transmission and releases the floor.</summary>
    public void Stop()
    {
        SpurtPhase phase;
        lock (_emit)
        lock (_sync)
        {
            phase = _phase;
            EndSpurtLocked();
        }

        if (phase == SpurtPhase.Held)
        {
            _switchboard.SubmitFrame(_settings.Id, _settings.TalkGroup, default, default, _settings.Profile, FrameFlags.EndOfTransmission);
        }

        if (phase is SpurtPhase.Held or SpurtPhase.Queued or SpurtPhase.Requesting)
        {
            _switchboard.ReleaseFloor(_settings.Id, _settings.TalkGroup);
        }
    }

    private FrameFlags ProduceFrameLocked(long now, out bool submit, out bool release)
    {
        submit = false;
        release = false;
        var packetSamples = Math.Max(_buffer.LastSamples, AudioFormat.FrameSamples);
        if (!_playing)
        {
            var bufferedMs = _buffer.Span * packetSamples / 48;
            var waitedEnough = _time.GetElapsedTime(_spurtStart, now) >= _settings.JitterMin;
            if (bufferedMs < _settings.JitterMin.TotalMilliseconds && !waitedEnough && !_endRequested)
            {
                return FrameFlags.None;
            }

            _playing = true;
            _firstFrame = true;
            _accumulated = 0;
            _ticksInWindow = 0;
            _minSpanInWindow = long.MaxValue;
        }

        // Too much queued (the sender's clock is faster, or a burst arrived): skip the oldest packets.
        var maxSpan = Math.Max(2, (long)(_settings.JitterMax.TotalMilliseconds * 48 / packetSamples));
        while (_buffer.Span > maxSpan)
        {
            if (_buffer.Peek(out _) == PeekResult.Ready)
            {
                _counters.Skip();
            }

            _buffer.Advance();
        }

        if (_accumulator is null)
        {
            _accumulator = ArrayPool<float>.Shared.Rent(AccumulatorSamples);
            if (_frame.Length == 0)
            {
                _frame = new float[AudioFormat.FrameSamples];
                _framePayload = new byte[G711Payload.MaxBytes];
            }
        }

        ShrinkIfPersistentlyAbove(packetSamples);
        _framePayloadLength = 0;
        var concealed = false;
        while (_accumulated < AudioFormat.FrameSamples)
        {
            var peek = _buffer.Peek(out var slot);
            if (peek == PeekResult.Empty)
            {
                break;
            }

            var target = _accumulator.AsSpan(_accumulated);
            int written;
            if (peek == PeekResult.Ready)
            {
                if (_accumulated == 0 && slot.Samples == AudioFormat.FrameSamples && slot.Length <= _framePayload.Length)
                {
                    // Exactly one source packet per frame: the router may forward these bytes untouched.
                    slot.Payload.CopyTo(_framePayload);
                    _framePayloadLength = slot.Length;
                }

                written = DecodeOrConceal(slot.Payload, target, slot.Samples);
            }
            else if (_direct && _accumulated == 0 && !_endRequested && _holeSeen != _buffer.Next)
            {
                // On-arrival path: a hole gets one tick for its packet to arrive out of order before it is concealed.
                _holeSeen = _buffer.Next;
                break;
            }
            else
            {
                var following = _buffer.PeekFollowing();
                written = ConcealLocked(following is null ? default : following.Payload, target, packetSamples);
                concealed = true;
                Interlocked.Increment(ref _counters.FramesConcealed);
            }

            _buffer.Advance();
            _accumulated += written;
            if (written == 0)
            {
                break;
            }
        }

        if (_accumulated < AudioFormat.FrameSamples)
        {
            if (!_endRequested && !SilenceTimedOut(now))
            {
                // Underrun: the next packet is late. Hold this tick (the buffer grows by a frame) instead of inventing
                // audio. On the on-arrival path an empty buffer is the normal state between packets, not an underrun.
                if (!_direct)
                {
                    Interlocked.Increment(ref _counters.Underruns);
                }

                _framePayloadLength = 0;
                return FrameFlags.None;
            }

            // End of the spurt: flush what is left (padded with silence) with the end-of-transmission mark, or send the
            // mark alone when nothing is left (no invented silent frame on the wire).
            _endOnly = _accumulated == 0;
            _accumulator.AsSpan(_accumulated, AudioFormat.FrameSamples - _accumulated).Clear();
            _framePayloadLength = 0;
            _accumulator.AsSpan(0, AudioFormat.FrameSamples).CopyTo(_frame);
            var endFlags = FrameFlags.EndOfTransmission | (_firstFrame ? FrameFlags.StartOfTransmission : FrameFlags.None);
            EndSpurtLocked();
            submit = true;
            release = true;
            return endFlags;
        }

        _accumulator.AsSpan(0, AudioFormat.FrameSamples).CopyTo(_frame);
        _accumulated -= AudioFormat.FrameSamples;
        if (_accumulated > 0)
        {
            _accumulator.AsSpan(AudioFormat.FrameSamples, _accumulated).CopyTo(_accumulator);
            _framePayloadLength = 0;
        }

        var flags = (_firstFrame ? FrameFlags.StartOfTransmission : FrameFlags.None) | (concealed ? FrameFlags.Concealed : FrameFlags.None);
        _firstFrame = false;
        submit = true;
        return flags;
    }

    /// <summary>
    /// The other half of the adaptation: underruns stretch the delay a frame at a time, and when the queue never fell
    /// below target + 1 packet for a whole second the extra frame is no longer needed: discard the oldest packet.
    /// </summary>
    private void ShrinkIfPersistentlyAbove(int packetSamples)
    {
        _minSpanInWindow = Math.Min(_minSpanInWindow, _buffer.Span);
        if (++_ticksInWindow < 50)
        {
            return;
        }

        var target = Math.Max(1, (long)(_settings.JitterMin.TotalMilliseconds * 48 / packetSamples));
        if (_minSpanInWindow > target + 1 && _accumulated == 0 && _buffer.Peek(out _) == PeekResult.Ready)
        {
            _buffer.Advance();
            _counters.Skip();
        }

        _ticksInWindow = 0;
        _minSpanInWindow = long.MaxValue;
    }

    private bool SilenceTimedOut(long now) =>
        _time.GetElapsedTime(_lastArrival, now) >= _settings.StreamEnd && !(PendingInput?.Invoke() ?? false);

    private int DecodeOrConceal(ReadOnlySpan<byte> payload, Span<float> target, int samples)
    {
        try
        {
            return Decoder.Decode(payload, target);
        }
        catch (InvalidDataException)
        {
            // A payload whose TOC looked right but does not decode: conceal it rather than stop the spurt.
            _counters.Drop(RtpDropReason.BadPayload);
            Interlocked.Decrement(ref _counters.Accepted);
            Interlocked.Increment(ref _counters.FramesConcealed);
            return ConcealLocked(default, target, samples);
        }
    }

    private int ConcealLocked(ReadOnlySpan<byte> next, Span<float> target, int samples)
    {
        try
        {
            return Decoder.DecodeLost(next, target, Math.Min(samples, target.Length));
        }
        catch (InvalidDataException)
        {
            target[..samples].Clear();
            return samples;
        }
    }

    private void EndSpurtLocked()
    {
        _phase = SpurtPhase.Idle;
        _playing = false;
        _endRequested = false;
        _accumulated = 0;
        _holeSeen = -1;
        _buffer.Reset();
        _decoder?.Reset();
        ReturnAccumulatorLocked();
    }

    /// <summary>Whether per-spurt buffers are rented right now (idle endpoints must hold none).</summary>
    internal bool HasSpurtBuffers
    {
        get
        {
            lock (_sync)
            {
                return _buffer.HasStorage || _accumulator is not null;
            }
        }
    }

    private IAudioDecoder Decoder => _decoder ??= _codecs.CreateDecoder(_settings.Profile);

    private void ReturnAccumulatorLocked()
    {
        if (_accumulator is { } accumulator)
        {
            _accumulator = null;
            ArrayPool<float>.Shared.Return(accumulator);
        }
    }
}

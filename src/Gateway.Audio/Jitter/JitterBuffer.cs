using Gateway.Audio.Codecs;
using Gateway.Audio.Codecs.Opus;

namespace Gateway.Audio.Jitter;

/// <summary>
/// Adaptive jitter buffer for one incoming stream (one SSRC). The receive thread calls <see cref="Push(ushort, uint, ReadOnlySpan{byte}, TimeSpan, bool, uint)"/>;
/// the 20 ms tick calls <see cref="Pop(Span{float}, Span{byte}, TimeSpan)"/>, which yields one 960-sample frame decoded
/// with the buffer's own decoder, and/or the source payload untouched for pass-through when the destination profile matches.
/// <para>
/// Play-out follows the media timeline: each tick consumes 20 ms from the read position. A missing packet with later
/// ones waiting is lost (concealed with FEC from the next packet or PLC); an empty buffer stalls the timeline with
/// concealment (a delay spike costs delay, not packets) until <see cref="JitterBufferOptions.MaxDelay"/>, which ends
/// the spurt. The target delay follows measured jitter between the minimum and maximum; the buffer discards a packet
/// when it runs a frame above target and stretches with concealment when a frame below. Allocation-free per packet
/// after warm-up; Push and Pop may run on different threads.
/// </para>
/// </summary>
public sealed class JitterBuffer : IDisposable
{
    private const int Capacity = 64;
    private const int Mask = Capacity - 1;
    private const int Frame = AudioFormat.FrameSamples;
    private const int MaxSequenceJump = 1_000;
    private const int MaxPayloadBytes = 8_192;
    private static readonly TimeSpan StragglerWindow = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly IAudioDecoder? _decoder;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly JitterBufferOptions _options;
    private readonly DelayEstimator _estimator;
    private readonly int _tsScale;
    private readonly Slot[] _slots = new Slot[Capacity];
    private readonly float[] _pcm = new float[OpusPacket.MaxSamples + (2 * Frame)];
    private readonly long _maxTimestampJump48;
    private Phase _phase;
    private bool _hasStream;
    private uint _ssrc;
    private long _highestSeq;
    private long _highestTs;
    private long _nextSeq;
    private long _readTs;
    private TimeSpan _spurtArrival;
    private TimeSpan _lastArrival;
    private int _buffered;
    private int _pcmCount;
    private int _concealRun;
    private long _stalledSamples;
    private long _lossSamples;
    private long _lastPlayedDuration = Frame;
    private long _pendingUnderrunFrames;
    private int _lastDuration = Frame;
    private bool _startOfSpurt;
    private long _received, _lost, _late, _duplicated, _malformed, _concealed, _fec, _discarded, _spurts;
    private long _currentDelay;

    /// <param name="profile">The stream's codec profile (packet durations, timestamp clock).</param>
    /// <param name="decoder">The decoder this buffer owns (disposed with it); null for a pass-through-only buffer.</param>
    /// <param name="options">Delays and limits; defaults 40/200 ms.</param>
    /// <param name="timeProvider">Arrival/tick clock for the overloads without explicit times.</param>
    public JitterBuffer(CodecProfile profile, IAudioDecoder? decoder, JitterBufferOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new JitterBufferOptions();
        _options.Validate();
        Profile = profile;
        _decoder = decoder;
        _time = timeProvider ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
        _estimator = new DelayEstimator(_options);
        var clock = _options.ClockRate > 0 ? _options.ClockRate : profile.Codec is CodecKind.Opus ? AudioFormat.SampleRate : profile.SampleRate;
        if (clock <= 0 || AudioFormat.SampleRate % clock != 0)
        {
            throw new ArgumentException($"RTP clock rate {clock} must divide 48000.", nameof(profile));
        }

        _tsScale = AudioFormat.SampleRate / clock;
        _maxTimestampJump48 = (long)(_options.MaxTimestampJump.TotalSeconds * AudioFormat.SampleRate);
    }

    private enum Phase
    {
        Idle,
        Buffering,
        Playing,
    }

    private enum SlotState : byte
    {
        Empty,
        Buffered,
        Played,
        Lost,
    }

    public CodecProfile Profile { get; }

    /// <summary>True when the buffer decodes (it owns a decoder); otherwise only pass-through payloads come out.</summary>
    public bool Decodes => _decoder is not null;

    public JitterBufferStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new JitterBufferStatistics(
                    _received, _lost, _late, _duplicated, _malformed, _concealed, _fec, _discarded, _spurts,
                    TimeSpan.FromTicks(_currentDelay), TimeSpan.FromTicks(_estimator.Target), TimeSpan.FromTicks(_estimator.Jitter));
            }
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Buffers a packet that arrived now (per the TimeProvider).</summary>
    public JitterPushResult Push(ushort sequence, uint timestamp, ReadOnlySpan<byte> payload, bool marker = false, uint ssrc = 0) =>
        Push(sequence, timestamp, payload, Now, marker, ssrc);

    /// <summary>Buffers a packet with an explicit arrival time (monotonic, same clock as <see cref="Pop(Span{float}, Span{byte}, TimeSpan)"/>).</summary>
    public JitterPushResult Push(ushort sequence, uint timestamp, ReadOnlySpan<byte> payload, TimeSpan arrival, bool marker = false, uint ssrc = 0)
    {
        lock (_gate)
        {
            _received++;
            var duration = PacketSamples(payload);
            if (duration <= 0 || payload.Length > MaxPayloadBytes)
            {
                _malformed++;
                return JitterPushResult.Malformed;
            }

            var sameStream = _hasStream && ssrc == _ssrc;
            long seq = 0, ts48 = 0, seqDelta = 0;
            if (sameStream)
            {
                seq = _highestSeq + (short)(sequence - (ushort)_highestSeq);
                var tsExt = (_highestTs / _tsScale) + (int)(timestamp - (uint)(_highestTs / _tsScale));
                ts48 = tsExt * _tsScale;
                seqDelta = seq - _highestSeq;
                if (_phase == Phase.Idle && !marker && seqDelta <= 0 && seqDelta > -MaxSequenceJump && arrival - _lastArrival < StragglerWindow)
                {
                    // A straggler of the spurt that just ended must not start a new one (a sender that restarts its
                    // sequence after a pause, as Mumble does after 5 s, is past this window).
                    return seqDelta == 0 ? Duplicate() : Late();
                }
            }

            var newSpurt = !sameStream || _phase == Phase.Idle;
            if (!newSpurt)
            {
                var tsDelta = ts48 - _highestTs;
                newSpurt = Math.Abs(seqDelta) > MaxSequenceJump
                    || (seqDelta > 0 && Math.Abs(tsDelta - (seqDelta * _lastDuration)) > _maxTimestampJump48)
                    || (marker && seqDelta > 0 && _buffered == 0 && _pcmCount == 0 && _phase == Phase.Playing)
                    || (_phase == Phase.Playing && seq - _nextSeq >= Capacity);
            }

            if (newSpurt)
            {
                StartSpurt(ssrc, arrival);
                seq = (1L << 32) + sequence;
                ts48 = ((1L << 33) + timestamp) * _tsScale;
                _highestSeq = seq;
                _highestTs = ts48;
            }
            else if (_phase == Phase.Playing && seq < _nextSeq)
            {
                ref var old = ref _slots[seq & Mask];
                return old.Seq == seq && old.State == SlotState.Played ? Duplicate() : Late();
            }
            else if (_phase == Phase.Playing && ts48 + duration <= _readTs - _pcmCount)
            {
                return Late();
            }

            ref var slot = ref _slots[seq & Mask];
            if (slot.Seq == seq && slot.State is SlotState.Buffered or SlotState.Played)
            {
                return Duplicate();
            }

            if (slot.State == SlotState.Buffered)
            {
                // Occupied by a packet a whole buffer away: cannot happen within MaxDelay; keep the older one.
                _discarded++;
                return JitterPushResult.Late;
            }

            if (slot.Data is null || slot.Data.Length < payload.Length)
            {
                slot.Data = new byte[Math.Max(256, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)payload.Length))];
            }

            payload.CopyTo(slot.Data);
            slot.Length = payload.Length;
            slot.Seq = seq;
            slot.Ts48 = ts48;
            slot.Duration = duration;
            slot.RawSequence = sequence;
            slot.RawTimestamp = timestamp;
            slot.State = SlotState.Buffered;
            _buffered++;
            if (seq > _highestSeq)
            {
                _highestSeq = seq;
                _highestTs = ts48;
                _lastDuration = duration;
            }

            _estimator.Observe(arrival.Ticks, ts48);
            _lastArrival = arrival;
            return newSpurt ? JitterPushResult.NewSpurt : JitterPushResult.Accepted;
        }
    }

    /// <summary>One tick now (per the TimeProvider): see <see cref="Pop(Span{float}, Span{byte}, TimeSpan)"/>.</summary>
    public JitterFrame Pop(Span<float> frame, Span<byte> payload = default) => Pop(frame, payload, Now);

    /// <summary>
    /// Produces the next 20 ms. With a decoder, <paramref name="frame"/> (960 samples) receives audio, concealment or silence.
    /// When <paramref name="payload"/> is not empty, the source payload of the packet starting in this tick is copied there
    /// (pass-through; for packets of 20 ms or longer — a second packet starting in the same tick is decoded but not copied).
    /// </summary>
    public JitterFrame Pop(Span<float> frame, Span<byte> payload, TimeSpan now)
    {
        if (_decoder is not null && frame.Length < Frame)
        {
            throw new ArgumentException($"The frame must hold {Frame} samples.", nameof(frame));
        }

        lock (_gate)
        {
            if (_phase == Phase.Buffering && (now - _spurtArrival).Ticks >= _estimator.Target)
            {
                BeginPlayout();
            }

            if (_phase != Phase.Playing)
            {
                ClearFrame(frame);
                return new JitterFrame(JitterFrameKind.Silence, 0, 0, 0, false);
            }

            var output = new TickOutput();
            _currentDelay = now.Ticks - _estimator.MinTransit - DelayEstimator.MediaTicks(_readTs - _pcmCount);
            var target = _estimator.Target;
            const long OneFrame = TimeSpan.TicksPerMillisecond * AudioFormat.FrameMilliseconds;
            if (_currentDelay > target + OneFrame && _pcmCount == 0 && _buffered >= 2 && IsBuffered(_nextSeq))
            {
                DiscardNext();
            }
            else if (_currentDelay < target - OneFrame && _pcmCount == 0)
            {
                // Too little in hand for the measured jitter: stretch by one concealed frame without consuming media time.
                Conceal(Frame, ReadOnlySpan<byte>.Empty, ref output, advance: false);
            }

            Fill(payload, ref output, now);
            return Emit(frame, ref output);
        }
    }

    /// <summary>Forgets everything (e.g. the connector re-INVITEs); the next packet starts a new spurt.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _hasStream = false;
            _phase = Phase.Idle;
            ClearSlots();
            _decoder?.Reset();
        }
    }

    public void Dispose() => _decoder?.Dispose();

    private void Fill(Span<byte> payload, ref TickOutput output, TimeSpan now)
    {
        while (_pcmCount < Frame)
        {
            ref var slot = ref _slots[_nextSeq & Mask];
            if (slot.Seq == _nextSeq && slot.State == SlotState.Buffered)
            {
                if (slot.Ts48 > _readTs)
                {
                    // A timestamp gap without a sequence gap (DTX, sender pause): fill it, nothing was lost.
                    Conceal((int)Math.Min(slot.Ts48 - _readTs, Frame - _pcmCount), ReadOnlySpan<byte>.Empty, ref output, advance: true, loss: false);
                    continue;
                }

                PlayNext(ref slot, payload, ref output);
                continue;
            }

            if (_buffered > 0)
            {
                ref var next = ref FindNextBuffered();
                var gap = next.Ts48 - _readTs;
                if (gap <= 0)
                {
                    // Media time has reached the next packet: the skipped sequence numbers are lost if media was
                    // concealed for them. Skips without a media gap (Mumble counts 10 ms units, +2 per 20 ms packet)
                    // lose nothing.
                    var skipped = next.Seq - _nextSeq;
                    if (_lossSamples > 0)
                    {
                        _lost += Math.Clamp((_lossSamples + (_lastPlayedDuration / 2)) / _lastPlayedDuration, 1, skipped);
                    }

                    for (var s = _nextSeq; s < next.Seq; s++)
                    {
                        ref var lost = ref _slots[s & Mask];
                        lost.Seq = s;
                        lost.State = SlotState.Lost;
                    }

                    _lossSamples = 0;
                    _nextSeq = next.Seq;
                    continue;
                }

                if (_stalledSamples > 0)
                {
                    // The underrun that stalled play-out was this loss: the concealment already played covers the gap.
                    var covered = Math.Min(gap, _stalledSamples);
                    _stalledSamples -= covered;
                    _lossSamples += covered;
                    _readTs += covered;
                    continue;
                }

                var fecUsable = next.Seq == _nextSeq + 1 && gap <= OpusPacket.MaxSamples && Profile.Codec == CodecKind.Opus;
                var chunk = fecUsable ? (int)gap : (int)Math.Min(gap, Math.Max(Frame - _pcmCount, 120));
                Conceal(chunk, fecUsable ? next.Data.AsSpan(0, next.Length) : ReadOnlySpan<byte>.Empty, ref output, advance: true);
                if (fecUsable && _concealRun <= _options.MaxConcealedFrames)
                {
                    _fec++;
                }

                continue;
            }

            // Underrun: stall the timeline with concealment; end the spurt when the wait exceeds the maximum delay.
            var waited = now.Ticks - _estimator.MinTransit - DelayEstimator.MediaTicks(_readTs);
            if (waited > _options.MaxDelay.Ticks)
            {
                _phase = Phase.Idle;
                _pcmCount = 0;
                _pendingUnderrunFrames = 0;
                output.Kind = output.Kind == JitterFrameKind.Audio ? JitterFrameKind.Audio : JitterFrameKind.Silence;
                return;
            }

            _stalledSamples += Frame - _pcmCount;
            Conceal(Frame - _pcmCount, ReadOnlySpan<byte>.Empty, ref output, advance: false, underrun: true);
        }
    }

    private void PlayNext(ref Slot slot, Span<byte> payload, ref TickOutput output)
    {
        var data = slot.Data.AsSpan(0, slot.Length);
        var produced = slot.Duration;
        if (_decoder is not null)
        {
            try
            {
                produced = _decoder.Decode(data, _pcm.AsSpan(_pcmCount));
            }
            catch (InvalidDataException)
            {
                _malformed++;
                produced = ConcealSamples(slot.Duration, ReadOnlySpan<byte>.Empty);
            }
        }

        if (!output.HasPayload && !payload.IsEmpty && slot.Length <= payload.Length)
        {
            data.CopyTo(payload);
            output.HasPayload = true;
            output.PayloadLength = slot.Length;
            output.Sequence = slot.RawSequence;
            output.Timestamp = slot.RawTimestamp;
        }

        _pcmCount += produced;
        _readTs = Math.Max(_readTs, slot.Ts48 + slot.Duration);
        _stalledSamples = 0;
        _lossSamples = 0;
        _lastPlayedDuration = slot.Duration;
        _concealed += _pendingUnderrunFrames;
        _pendingUnderrunFrames = 0;
        slot.State = SlotState.Played;
        _buffered--;
        _nextSeq++;
        _concealRun = 0;
        if (output.Kind != JitterFrameKind.Concealed)
        {
            output.Kind = JitterFrameKind.Audio;
        }
    }

    /// <param name="underrun">An empty buffer: counted as concealed only once a later packet shows the talk went on
    /// (the tail after a talker stops is not a loss).</param>
    private void Conceal(int samples, ReadOnlySpan<byte> fecSource, ref TickOutput output, bool advance, bool loss = true, bool underrun = false)
    {
        if (!output.Concealed && loss)
        {
            output.Concealed = true;
            _concealRun++;
            if (_concealRun <= _options.MaxConcealedFrames)
            {
                if (underrun)
                {
                    _pendingUnderrunFrames++;
                }
                else
                {
                    _concealed++;
                }
            }
        }

        _pcmCount += ConcealSamples(samples, fecSource);
        if (advance)
        {
            _readTs += samples;
            if (loss)
            {
                _lossSamples += samples;
            }
        }

        if (loss)
        {
            output.Kind = JitterFrameKind.Concealed;
        }
        else if (output.Kind == JitterFrameKind.Silence)
        {
            output.Kind = JitterFrameKind.Audio;
        }
    }

    private int ConcealSamples(int samples, ReadOnlySpan<byte> fecSource)
    {
        var target = _pcm.AsSpan(_pcmCount, samples);
        if (_decoder is null)
        {
            return samples;
        }

        var written = 0;
        if (_concealRun <= _options.MaxConcealedFrames)
        {
            written = _decoder.DecodeLost(fecSource, target, samples);
        }

        // Keep the timeline exact whatever the codec could conceal (Opus works in 2.5 ms steps; silence after the limit).
        target[written..].Clear();
        return samples;
    }

    private JitterFrame Emit(Span<float> frame, ref TickOutput output)
    {
        if (_decoder is not null)
        {
            var n = Math.Min(Frame, _pcmCount);
            _pcm.AsSpan(0, n).CopyTo(frame);
            frame[n..Frame].Clear();
            _pcm.AsSpan(n, _pcmCount - n).CopyTo(_pcm);
            _pcmCount -= n;
        }
        else
        {
            _pcmCount = Math.Max(0, _pcmCount - Frame);
        }

        var start = _startOfSpurt && output.Kind == JitterFrameKind.Audio;
        if (start)
        {
            _startOfSpurt = false;
        }

        return new JitterFrame(output.Kind, output.PayloadLength, output.Sequence, output.Timestamp, start);
    }

    private void StartSpurt(uint ssrc, TimeSpan arrival)
    {
        if (_hasStream && ssrc != _ssrc)
        {
            _decoder?.Reset();
        }

        _hasStream = true;
        _ssrc = ssrc;
        ClearSlots();
        _phase = Phase.Buffering;
        _spurtArrival = arrival;
        _estimator.ResetSpurt();
        _spurts++;
    }

    private void BeginPlayout()
    {
        var first = long.MaxValue;
        foreach (ref var s in _slots.AsSpan())
        {
            if (s.State == SlotState.Buffered && s.Seq < first)
            {
                first = s.Seq;
            }
        }

        if (first == long.MaxValue)
        {
            _phase = Phase.Idle;
            return;
        }

        _nextSeq = first;
        _readTs = _slots[first & Mask].Ts48;
        _pcmCount = 0;
        _concealRun = 0;
        _stalledSamples = 0;
        _lossSamples = 0;
        _pendingUnderrunFrames = 0;
        _startOfSpurt = true;
        _phase = Phase.Playing;
    }

    private void DiscardNext()
    {
        ref var slot = ref _slots[_nextSeq & Mask];
        slot.State = SlotState.Played;
        _readTs = Math.Max(_readTs, slot.Ts48 + slot.Duration);
        _buffered--;
        _nextSeq++;
        _discarded++;
    }

    private bool IsBuffered(long seq)
    {
        ref var slot = ref _slots[seq & Mask];
        return slot.Seq == seq && slot.State == SlotState.Buffered;
    }

    private ref Slot FindNextBuffered()
    {
        for (var s = _nextSeq + 1; s < _nextSeq + Capacity; s++)
        {
            ref var slot = ref _slots[s & Mask];
            if (slot.Seq == s && slot.State == SlotState.Buffered)
            {
                return ref slot;
            }
        }

        // _buffered said there is one; a stale count is repaired rather than trusted.
        _buffered = 0;
        return ref _slots[_nextSeq & Mask];
    }

    private void ClearSlots()
    {
        foreach (ref var s in _slots.AsSpan())
        {
            s.State = SlotState.Empty;
            s.Seq = -1;
        }

        _buffered = 0;
        _pcmCount = 0;
    }

    private int PacketSamples(ReadOnlySpan<byte> payload) => Profile.Codec switch
    {
        CodecKind.Opus => OpusPacket.GetSampleCount(payload),
        CodecKind.Pcmu or CodecKind.Pcma => payload.Length * (AudioFormat.SampleRate / 8_000),
        _ => payload.Length / 2 * (AudioFormat.SampleRate / Math.Max(1, Profile.SampleRate)),
    };

    private JitterPushResult Duplicate()
    {
        _duplicated++;
        return JitterPushResult.Duplicate;
    }

    private JitterPushResult Late()
    {
        _late++;
        return JitterPushResult.Late;
    }

    private static void ClearFrame(Span<float> frame)
    {
        if (!frame.IsEmpty)
        {
            frame[..Math.Min(frame.Length, Frame)].Clear();
        }
    }

    private struct Slot
    {
        public long Seq;
        public long Ts48;
        public int Duration;
        public int Length;
        public byte[]? Data;
        public ushort RawSequence;
        public uint RawTimestamp;
        public SlotState State;
    }

    private struct TickOutput
    {
        public JitterFrameKind Kind;
        public bool Concealed;
        public bool HasPayload;
        public int PayloadLength;
        public ushort Sequence;
        public uint Timestamp;
    }
}

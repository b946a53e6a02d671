using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Core;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Connectors.Mumble.Session;

/// <summary>
/// Turns the voice of Mumble users in the session's channel into floor requests and 20 ms frames for the switchboard.
/// One talker at a time per channel: the first user to speak asks for the floor as their unit; the terminator flag or
/// <see cref="Transport.MumbleTransportTimings.TalkerSilenceTimeout"/> of silence releases it. Other users talking over
/// them are ignored (counted) until the floor is free. Allocation-free per packet once warmed up.
/// </summary>
internal sealed class MumbleVoiceIngress : IDisposable
{
    /// <summary>Longest gap (in 20 ms frames) filled with concealment; longer gaps are treated as a fresh start.</summary>
    private const int MaxConcealedFrames = 5;

    private readonly Lock _gate = new();
    private readonly ISwitchboard _switchboard;
    private readonly EndpointId _endpoint;
    private readonly TalkGroupId _group;
    private readonly Priority _priority;
    private readonly IAudioDecoder _decoder;
    private readonly CodecProfile _payloadProfile;
    private readonly Func<uint, Talker?> _identify;
    private readonly ITimer _silenceTimer;
    private readonly TimeSpan _silenceTimeout;
    private readonly float[] _decoded = new float[AudioFormat.FrameSamples * 6];
    private readonly float[] _frame = new float[AudioFormat.FrameSamples];
    private int _frameFill;

    private uint? _talkerSession;
    private bool _talkerHasFloor;
    private bool _startPending;
    private bool _endSent;
    private long _expectedSequence = -1;
    private int _revokedFlag;
    private int _grantedFlag;
    private bool _requestOpen;

    /// <param name="identify">Maps a Mumble session to its talker; null means "do not relay" (another gateway session).</param>
    public MumbleVoiceIngress(
        ISwitchboard switchboard,
        EndpointId endpoint,
        TalkGroupId group,
        Priority priority,
        ICodecFactory codecs,
        CodecProfile payloadProfile,
        Func<uint, Talker?> identify,
        TimeProvider time,
        TimeSpan silenceTimeout)
    {
        _switchboard = switchboard;
        _endpoint = endpoint;
        _group = group;
        _priority = priority;
        _payloadProfile = payloadProfile;
        _decoder = codecs.CreateDecoder(payloadProfile);
        _identify = identify;
        _silenceTimeout = silenceTimeout;
        _silenceTimer = time.CreateTimer(static state => ((MumbleVoiceIngress)state!).OnSilence(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Voice packets dropped because they were malformed or not Opus.</summary>
    public long MalformedPackets { get; private set; }

    /// <summary>Voice packets ignored because another user held the channel or the floor was denied.</summary>
    public long IgnoredPackets { get; private set; }

    /// <summary>Frames submitted to the switchboard.</summary>
    public long FramesSubmitted { get; private set; }

    /// <summary>The session of the Mumble user currently talking through this endpoint, if any.</summary>
    public uint? CurrentTalker
    {
        get
        {
            lock (_gate)
            {
                return _talkerSession;
            }
        }
    }

    /// <summary>Handles one tunnelled server → client voice packet.</summary>
    public void OnVoicePacket(ReadOnlySpan<byte> data)
    {
        if (!VoicePacketCodec.TryRead(data, fromServer: true, out var packet) || packet.Codec != VoiceCodec.Opus)
        {
            MalformedPackets++;
            return;
        }

        lock (_gate)
        {
            if (Interlocked.Exchange(ref _revokedFlag, 0) != 0 && _talkerHasFloor)
            {
                // The router took the floor away (pre-empted, max transmit time): ignore the rest of this spurt.
                _talkerHasFloor = false;
                _requestOpen = false;
            }

            if (Interlocked.Exchange(ref _grantedFlag, 0) != 0 && _talkerSession is not null && _requestOpen && !_talkerHasFloor)
            {
                // A queued request was granted while the user is still talking: carry on from here.
                _talkerHasFloor = true;
                _startPending = true;
            }

            if (_talkerSession is { } current && current != packet.Session)
            {
                IgnoredPackets++;
                return;
            }

            if (_talkerSession is null)
            {
                if (_identify(packet.Session) is not { } talker)
                {
                    // Not someone to relay (another gateway session heard through linked channels): no echo loops.
                    IgnoredPackets++;
                    return;
                }

                BeginTalker(packet.Session, talker);
            }

            _silenceTimer.Change(_silenceTimeout, Timeout.InfiniteTimeSpan);
            if (!_talkerHasFloor)
            {
                IgnoredPackets++;
                if (packet.Terminator)
                {
                    EndTalker(sendEnd: false);
                }

                return;
            }

            ConcealGap(packet.Sequence);
            Decode(packet.Opus, packet.Terminator);
            _expectedSequence = packet.Sequence + 2;
            if (packet.Terminator)
            {
                EndTalker(sendEnd: true);
            }
        }
    }

    /// <summary>The router revoked this endpoint's transmission (called from outside: no lock taken here).</summary>
    public void OnRevoked() => Interlocked.Exchange(ref _revokedFlag, 1);

    /// <summary>A queued request was granted later (called from outside: no lock taken here).</summary>
    public void OnGranted() => Interlocked.Exchange(ref _grantedFlag, 1);

    /// <summary>The connection dropped: end any transmission in progress.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            if (_talkerSession is not null)
            {
                EndTalker(sendEnd: true);
            }

            _decoder.Reset();
        }
    }

    public void Dispose()
    {
        _silenceTimer.Dispose();
        _decoder.Dispose();
    }

    private void BeginTalker(uint session, Talker talker)
    {
        _talkerSession = session;
        _frameFill = 0;
        _expectedSequence = -1;
        _decoder.Reset();
        var outcome = _switchboard.RequestFloor(new FloorRequest(_group, talker, _priority));
        _talkerHasFloor = outcome.Kind == FloorOutcomeKind.Granted;
        _requestOpen = outcome.Kind != FloorOutcomeKind.Denied;
        Interlocked.Exchange(ref _grantedFlag, 0);
        _startPending = true;
        _endSent = false;
        Interlocked.Exchange(ref _revokedFlag, 0);
    }

    private void EndTalker(bool sendEnd)
    {
        _silenceTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_talkerHasFloor && sendEnd && !_endSent)
        {
            // Flush a partial frame (10 ms packets), then mark the end so the far side drops PTT after draining.
            var flags = FrameFlags.EndOfTransmission | (_startPending ? FrameFlags.StartOfTransmission : FrameFlags.None);
            if (_frameFill > 0)
            {
                _frame.AsSpan(_frameFill).Clear();
                _switchboard.SubmitFrame(_endpoint, _group, _frame, ReadOnlySpan<byte>.Empty, _payloadProfile, flags);
            }
            else
            {
                _switchboard.SubmitFrame(_endpoint, _group, ReadOnlySpan<float>.Empty, ReadOnlySpan<byte>.Empty, _payloadProfile, flags | FrameFlags.Silence);
            }

            FramesSubmitted++;
        }

        if (_requestOpen)
        {
            // Ends the transmission, or withdraws a request still waiting in the queue.
            _switchboard.ReleaseFloor(_endpoint, _group);
        }

        _requestOpen = false;

        _talkerSession = null;
        _talkerHasFloor = false;
        _frameFill = 0;
    }

    private void OnSilence()
    {
        lock (_gate)
        {
            if (_talkerSession is not null)
            {
                EndTalker(sendEnd: true);
            }
        }
    }

    private void ConcealGap(long sequence)
    {
        if (_expectedSequence < 0 || sequence <= _expectedSequence)
        {
            return;
        }

        // seq counts 10 ms units: a gap of 4 means one 20 ms packet went missing.
        var missingFrames = (int)((sequence - _expectedSequence) / 2);
        if (missingFrames is <= 0 or > MaxConcealedFrames)
        {
            return;
        }

        for (var i = 0; i < missingFrames; i++)
        {
            var samples = _decoder.DecodeLost(ReadOnlySpan<byte>.Empty, _decoded, AudioFormat.FrameSamples);
            Push(_decoded.AsSpan(0, samples), ReadOnlySpan<byte>.Empty, FrameFlags.Concealed, lastOfPacket: false);
        }
    }

    private void Decode(ReadOnlySpan<byte> opus, bool terminator)
    {
        if (opus.IsEmpty)
        {
            return;
        }

        int samples;
        try
        {
            samples = _decoder.Decode(opus, _decoded);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            // A corrupt Opus packet must not end the receive loop.
            MalformedPackets++;
            return;
        }

        // A 20 ms packet is forwarded with its payload so Opus destinations need no re-encode.
        var payload = samples == AudioFormat.FrameSamples && _frameFill == 0 ? opus : ReadOnlySpan<byte>.Empty;
        Push(_decoded.AsSpan(0, samples), payload, FrameFlags.None, lastOfPacket: terminator);
    }

    private void Push(ReadOnlySpan<float> pcm, ReadOnlySpan<byte> payload, FrameFlags extra, bool lastOfPacket)
    {
        while (!pcm.IsEmpty)
        {
            var take = Math.Min(pcm.Length, AudioFormat.FrameSamples - _frameFill);
            pcm[..take].CopyTo(_frame.AsSpan(_frameFill));
            _frameFill += take;
            pcm = pcm[take..];
            if (_frameFill < AudioFormat.FrameSamples)
            {
                continue;
            }

            var flags = extra;
            if (_startPending)
            {
                flags |= FrameFlags.StartOfTransmission;
                _startPending = false;
            }

            if (lastOfPacket && pcm.IsEmpty)
            {
                // The terminator packet's own audio ends the transmission; EndTalker then adds no extra frame.
                flags |= FrameFlags.EndOfTransmission;
                _endSent = true;
            }

            _switchboard.SubmitFrame(_endpoint, _group, _frame, payload, _payloadProfile, flags);
            FramesSubmitted++;
            _frameFill = 0;
        }
    }
}

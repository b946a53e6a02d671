using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Pacing;

namespace Gateway.Core.Endpoints;

/// <summary>
/// Plays a 16-bit WAV file into a talk group like a talker would: requests the floor at a priority (waiting when
/// queued), sends the audio paced at 20 ms per frame, and releases. Stops early when the floor is revoked.
/// Files at other rates are resampled to 48 kHz; stereo is mixed down.
/// </summary>
public sealed class WavFileSource : IVoiceEndpoint
{
    private readonly ISwitchboard _switchboard;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private TaskCompletionSource<FloorNotice>? _waitingForGrant;
    private volatile FloorNotice? _ended;
    private long _heard;

    public WavFileSource(ISwitchboard switchboard, EndpointId id, string path, TimeProvider time, string? displayName = null, UnitId? unit = null)
    {
        ArgumentNullException.ThrowIfNull(switchboard);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _switchboard = switchboard;
        _time = time;
        Id = id;
        Path = path;
        Talker = new Talker(id, unit, displayName ?? System.IO.Path.GetFileNameWithoutExtension(path));
    }

    public EndpointId Id { get; }

    public EndpointKind Kind => EndpointKind.File;

    public CodecProfile EgressProfile => CodecProfile.Pcm48k;

    public string Path { get; }

    public Talker Talker { get; }

    /// <summary>Frames submitted by the last playback (set when it ends).</summary>
    public long FramesSent { get; private set; }

    /// <summary>Packets the group sent to this source (a source does not listen; they are only counted).</summary>
    public long PacketsHeard => Interlocked.Read(ref _heard);

    public void Deliver(MediaPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        Interlocked.Increment(ref _heard);
        packet.Release();
    }

    public void OnFloorNotice(FloorNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        TaskCompletionSource<FloorNotice>? waiting;
        lock (_gate)
        {
            if (notice.Kind is FloorNoticeKind.Revoked or FloorNoticeKind.Released)
            {
                _ended = notice;
            }

            waiting = notice.Kind is FloorNoticeKind.Granted or FloorNoticeKind.QueueExpired or FloorNoticeKind.Revoked ? _waitingForGrant : null;
        }

        waiting?.TrySetResult(notice);
    }

    /// <summary>Plays the whole file into <paramref name="group"/> (attaching to it for the time of the playback).</summary>
    public async Task<WavPlaybackResult> PlayAsync(TalkGroupId group, Priority priority, CancellationToken cancellationToken = default)
    {
        // Open first: a missing or unsupported file is reported before anyone hears a key-up.
        var (reader, samples) = WavAudio.Open(Path);
        using var _ = reader;
        FramesSent = 0;
        _ended = null;
        var grantWait = new TaskCompletionSource<FloorNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waitingForGrant = grantWait;
        }

        var wasAttached = _switchboard.FindTalkGroup(group)?.Endpoints.Contains(Id) == true;
        _switchboard.Attach(this, group);
        try
        {
            var outcome = _switchboard.RequestFloor(new FloorRequest(group, Talker, priority));
            if (outcome.Kind == FloorOutcomeKind.Denied)
            {
                return new WavPlaybackResult(FloorOutcomeKind.Denied, 0, false, null, outcome.Reason);
            }

            if (outcome.Kind == FloorOutcomeKind.Queued)
            {
                var notice = await grantWait.Task.WaitAsync(cancellationToken);
                if (notice.Kind != FloorNoticeKind.Granted)
                {
                    return new WavPlaybackResult(FloorOutcomeKind.Queued, 0, false, notice.RevokeReason, "queued request expired");
                }
            }

            var completed = await StreamAsync(group, samples, cancellationToken);
            return new WavPlaybackResult(FloorOutcomeKind.Granted, FramesSent, completed, _ended?.RevokeReason, null);
        }
        finally
        {
            lock (_gate)
            {
                _waitingForGrant = null;
            }

            _switchboard.ReleaseFloor(Id, group);
            if (!wasAttached)
            {
                _switchboard.Detach(Id, group);
            }
        }
    }

    private async Task<bool> StreamAsync(TalkGroupId group, NAudio.Wave.ISampleProvider samples, CancellationToken cancellationToken)
    {
        await using var paced = new PacedFrameSource(_switchboard, Id, group, _time);
        var current = new float[AudioFormat.FrameSamples];
        var next = new float[AudioFormat.FrameSamples];
        var currentLength = WavAudio.ReadFully(samples, current);
        var flags = FrameFlags.StartOfTransmission;
        while (currentLength > 0)
        {
            if (_ended is not null)
            {
                FramesSent = paced.FramesSent;
                return false; // Revoked: stop talking, the router drops anything more anyway.
            }

            // Read one frame ahead so the last frame carries the end-of-transmission marker.
            var nextLength = currentLength == AudioFormat.FrameSamples ? WavAudio.ReadFully(samples, next) : 0;
            if (nextLength == 0)
            {
                flags |= FrameFlags.EndOfTransmission;
            }

            await paced.WriteAsync(current.AsMemory(0, currentLength), flags, cancellationToken);
            flags = FrameFlags.None;
            (current, next) = (next, current);
            currentLength = nextLength;
        }

        paced.Complete();
        await paced.Completion.WaitAsync(cancellationToken);
        FramesSent = paced.FramesSent;
        return _ended is null || _ended.Kind == FloorNoticeKind.Released;
    }
}

using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Health;

namespace Gateway.Storage.Recording;

public sealed partial class RecordingService
{
    private async Task<GroupRecordingState> BeginCallAsync(TalkGroupId group, CallId call, DateTimeOffset at)
    {
        var state = State(group);
        if (state.Call == call || state.IsFinished(call))
        {
            // Already current, or a late event of a call that is over: nothing to switch.
            return state;
        }

        if (state.Call is { } previous)
        {
            // A new call before the previous one's CallEnded was seen (late or dropped): close the old file first.
            state.Finish(previous);
            if (state.Recording is not null)
            {
                await CompleteAsync(state, at).ConfigureAwait(false);
            }
        }

        state.Call = call;
        state.CallStartedAt = at;
        state.GrantedAt.Clear();

        // Frames that overtook this call's first event belong to it.
        while (state.Pending.Count > 0)
        {
            var packet = state.Pending.Dequeue();
            await HandlePacketAsync(packet).ConfigureAwait(false);
        }

        return state;
    }

    private async Task HandlePacketAsync(MediaPacket packet)
    {
        var queued = false;
        try
        {
            var state = State(packet.TalkGroup);
            if (_diskLow)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            if (state.Call is null || (packet.Flags & FrameFlags.StartOfTransmission) != 0)
            {
                // Once per transmission: ask the floor which call this talker is in. Frames usually arrive before the
                // bus has delivered the grant's events, and a late CallEnded must not pull the next call into the old file.
                if (LiveCall(packet) is { } live && live.Call != state.Call)
                {
                    await BeginCallAsync(packet.TalkGroup, live.Call, live.Since).ConfigureAwait(false);
                }
            }

            if (state.Call is not { } call)
            {
                if (state.Pending.Count >= MaxPendingPerGroup)
                {
                    state.Pending.Dequeue().Release();
                    Interlocked.Increment(ref _dropped);
                }

                state.Pending.Enqueue(packet);
                queued = true;
                return;
            }

            if (state.Recording is null)
            {
                if (packet.PayloadLength == 0 && !packet.HasPcm)
                {
                    return; // an end marker with nothing recorded yet
                }

                if (!await OpenAsync(state, call).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _dropped);
                    return;
                }
            }

            try
            {
                state.Recording!.Write(packet, _time.GetUtcNow());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Fail(state, ex);
            }
        }
        finally
        {
            if (!queued)
            {
                packet.Release();
                Interlocked.Increment(ref _handled);
            }
        }
    }

    /// <summary>The call the packet's talker holds the floor in right now, when the floor still says so.</summary>
    private (CallId Call, DateTimeOffset Since)? LiveCall(MediaPacket packet)
    {
        try
        {
            var status = _switchboard.GetFloorStatus(packet.TalkGroup);
            return status.Call is { } call && status.Holder is { } holder && ReferenceEquals(holder.Talker, packet.Talker)
                ? (call, holder.Since)
                : null;
        }
        catch (KeyNotFoundException)
        {
            return null; // the group was removed meanwhile
        }
    }

    private async Task<bool> OpenAsync(GroupRecordingState state, CallId call)
    {
        CheckDiskSpace();
        if (_diskLow)
        {
            return false;
        }

        try
        {
            state.Recording = new CallRecording(call, state.Group, state.CallStartedAt, _options.Directory, _codecs, _options.OpusBitrate);
            await _recordings.RecordingStartedAsync(state.Recording.Opened()).ConfigureAwait(false);
            LogOpened(_logger, call, state.Group, state.Recording.RelativePath);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Fail(state, ex);
            return false;
        }
    }

    private async Task CompleteAsync(GroupRecordingState state, DateTimeOffset? endedAt = null)
    {
        var recording = state.Recording!;
        state.Recording = null;
        try
        {
            var info = recording.Complete(endedAt ?? _time.GetUtcNow(), state.GrantedAt);
            await _recordings.RecordingCompletedAsync(info).ConfigureAwait(false);
            Interlocked.Increment(ref _completed);
            LogCompleted(_logger, recording.Call, info.Duration.TotalSeconds, info.SizeBytes, info.Segments.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException)
        {
            Interlocked.Increment(ref _failed);
            LogRecordingFailed(_logger, ex, recording.Call);
        }
        finally
        {
            recording.Dispose();
        }
    }

    private void Fail(GroupRecordingState state, Exception ex)
    {
        Interlocked.Increment(ref _failed);
        LogRecordingFailed(_logger, ex, state.Call ?? default);
        _health.Report(HealthComponent, HealthState.Degraded, $"recording failed: {ex.Message}");
        state.Recording?.Dispose();
        state.Recording = null;
    }

    private void ReleasePending(GroupRecordingState state)
    {
        while (state.Pending.Count > 0)
        {
            state.Pending.Dequeue().Release();
            Interlocked.Increment(ref _dropped);
        }
    }

    private void Attach(TalkGroupId group)
    {
        if (_attached.Add(group))
        {
            _switchboard.Attach(_endpoint, group);
            LogAttached(_logger, group);
        }
    }

    private GroupRecordingState State(TalkGroupId group)
    {
        if (!_groups.TryGetValue(group, out var state))
        {
            state = new GroupRecordingState(group);
            _groups.Add(group, state);
        }

        return state;
    }
}

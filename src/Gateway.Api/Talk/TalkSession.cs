using System.Threading.Channels;
using Gateway.Api.Errors;
using Gateway.Api.Mapping;
using Gateway.Api.V1;
using Gateway.Audio;
using AudioFormat = Gateway.Audio.AudioFormat;
using WireFormat = Gateway.Api.V1.AudioFormat;
using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Pacing;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.Api.Talk;

/// <summary>
/// One Talk stream: a gRPC voice endpoint attached to the group, a floor request at the caller's priority, audio chunks
/// re-framed to 20 ms and paced to real time into the router by core's PacedFrameSource, and floor decisions written back by a single writer fed
/// by a bounded channel. Leaving for any reason (stop, half-close, disconnect, error) releases the floor at once.
/// </summary>
internal sealed partial class TalkSession : IAsyncDisposable
{
    private const int FrameQueue = 25; // 500 ms of audio read ahead; beyond that the client is back-pressured.
    private const int StartPending = 1;

    private readonly ISwitchboard _switchboard;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TalkGroupId _group;
    private readonly Core.Identity.Talker _talker;
    private readonly Core.Floor.Priority _priority;
    private readonly WireFormat _format;
    private readonly int _maxMessagesPerSecond;
    private readonly GrpcVoiceEndpoint _endpoint;
    private readonly Channel<TalkResponse> _out = Channel.CreateBounded<TalkResponse>(new BoundedChannelOptions(64) { SingleReader = true });
    private readonly PcmReframer _reframer = new();
    private readonly IAudioDecoder? _opus;
    private readonly float[] _samples = new float[(Validation.Validate.MaxAudioChunkBytes / 2) + 8];
    private readonly float[] _frame = new float[AudioFormat.FrameSamples];
    private readonly object _gate = new();
    private PacedFrameSource? _paced;
    private int _start;
    private FloorGrant? _grant;
    private bool _endedSent = true;
    private long _discarded;

    public TalkSession(ISwitchboard switchboard, ICodecFactory codecs, TimeProvider time, ILogger logger, TalkGroupId group,
        Core.Identity.Talker talker, Core.Floor.Priority priority, WireFormat format, int maxMessagesPerSecond)
    {
        _switchboard = switchboard;
        _time = time;
        _logger = logger;
        _group = group;
        _talker = talker;
        _priority = priority;
        _format = format;
        _maxMessagesPerSecond = maxMessagesPerSecond;
        _endpoint = new GrpcVoiceEndpoint(talker.Endpoint, CodecProfile.Pcm48k, static p => p.Release(), OnNotice);
        if (format == WireFormat.Opus)
        {
            _opus = codecs.CreateDecoder(CodecProfile.Opus());
        }
    }

    private bool Holding => Volatile.Read(ref _grant) is not null;

    public async Task RunAsync(IAsyncStreamReader<TalkRequest> requests, IServerStreamWriter<TalkResponse> responses, CancellationToken ct)
    {
        // The writer is never cancelled by us: cancelling a server write in flight aborts the HTTP/2 stream, and the client
        // would see CANCELLED instead of the call's status. It ends when _out completes (or the call is cancelled).
        var writer = WriteLoopAsync(responses, ct);
        _switchboard.Attach(_endpoint, _group);
        try
        {
            var outcome = _switchboard.RequestFloor(new FloorRequest(_group, _talker, _priority));
            switch (outcome.Kind)
            {
                case FloorOutcomeKind.Granted:
                    OnGranted(outcome.Grant!);
                    break;
                case FloorOutcomeKind.Queued:
                    Enqueue(new TalkResponse { Queued = new TalkQueued { Position = outcome.QueuePosition } });
                    break;
                default:
                    Enqueue(Denied(outcome.Reason ?? "the floor is busy", outcome.Holder));
                    LogDenied(_logger, _talker.Endpoint, _group, outcome.Reason ?? "busy");
                    _out.Writer.TryComplete();
                    await writer;
                    return;
            }

            // Core's pacer plays the upload out at one frame per 20 ms tick and back-pressures the reader when 500 ms are queued.
            _paced = new PacedFrameSource(_switchboard, _endpoint.Id, _group, _time, FrameQueue);
            try
            {
                await ReadLoopAsync(requests, ct);
            }
            catch (RpcException)
            {
                // A bad message: give up the floor now, then let the client's pending messages (up to its half-close, at
                // most briefly) drain so the error status reaches it instead of an HTTP/2 reset racing the trailers.
                _switchboard.ReleaseFloor(_endpoint.Id, _group);
                await DrainAsync(requests, ct);
                throw;
            }

            if (_reframer.TryFlush(_frame))
            {
                await WriteFrameAsync(ct);
            }

            // Stop or half-close: what was sent still plays out in real time, then the floor is released.
            _paced.Complete();
            await _paced.Completion.WaitAsync(ct);
            EndTransmission();
            _out.Writer.TryComplete();
            await writer;
        }
        finally
        {
            // Disconnect or error: release (or withdraw the queued request) at once, not after the audio would have played.
            _switchboard.ReleaseFloor(_endpoint.Id, _group);
            _switchboard.Detach(_endpoint.Id, _group);
            _out.Writer.TryComplete();
            try
            {
                // The handler must not return while a response write is in flight (grpc-dotnet would reset the stream
                // and the client would see CANCELLED instead of this call's status).
                await writer;
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
            {
            }

            if (_paced is not null)
            {
                await _paced.DisposeAsync(); // drops what had not played yet
            }

            if (_discarded > 0)
            {
                LogDiscarded(_logger, _talker.Endpoint, _discarded);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _opus?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task DrainAsync(IAsyncStreamReader<TalkRequest> requests, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            while (await requests.MoveNext(limit.Token))
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or RpcException)
        {
        }
    }

    private async Task ReadLoopAsync(IAsyncStreamReader<TalkRequest> requests, CancellationToken ct)
    {
        var windowStart = _time.GetTimestamp();
        var inWindow = 0;
        while (await requests.MoveNext(ct))
        {
            var message = requests.Current;
            if (_time.GetElapsedTime(windowStart) >= TimeSpan.FromSeconds(1))
            {
                windowStart = _time.GetTimestamp();
                inWindow = 0;
            }

            if (++inWindow > _maxMessagesPerSecond)
            {
                throw ApiErrors.ResourceExhausted($"audio: more than {_maxMessagesPerSecond} messages per second on one Talk stream (Gateway:Grpc:MaxTalkMessagesPerSecond); send larger chunks");
            }

            switch (message.MessageCase)
            {
                case TalkRequest.MessageOneofCase.Audio:
                    await OnAudioAsync(message.Audio.Data, ct);
                    break;
                case TalkRequest.MessageOneofCase.Stop:
                    return;
                case TalkRequest.MessageOneofCase.Start:
                    throw ApiErrors.InvalidArgument("start", "start may only be the first message of a Talk stream");
                default:
                    throw ApiErrors.InvalidArgument("message", "an empty TalkRequest; set start, audio or stop");
            }
        }
    }

    private async ValueTask OnAudioAsync(Google.Protobuf.ByteString data, CancellationToken ct)
    {
        if (data.Length > Validation.Validate.MaxAudioChunkBytes)
        {
            throw ApiErrors.InvalidArgument("audio.data", $"chunk of {data.Length} bytes exceeds {Validation.Validate.MaxAudioChunkBytes} bytes");
        }

        if (!Holding)
        {
            // Not holding the floor (queued, revoked): the audio is discarded, as on a radio without the channel.
            _discarded++;
            return;
        }

        int count;
        if (_opus is null)
        {
            count = _reframer.DecodePcm16(data.Span, _samples);
        }
        else
        {
            if (data.Length == 0 || data.Length > AudioFormat.MaxPacketBytes)
            {
                throw ApiErrors.InvalidArgument("audio.data", $"an Opus packet of {data.Length} bytes; one packet of 1..{AudioFormat.MaxPacketBytes} bytes per message");
            }

            try
            {
                count = _opus.Decode(data.Span, _samples);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
            {
                throw ApiErrors.InvalidArgument("audio.data", "not a valid Opus packet");
            }

        }

        var offset = 0;
        while (offset < count)
        {
            if (_reframer.TryTakeFrame(_samples.AsSpan(0, count), ref offset, _frame))
            {
                await WriteFrameAsync(ct);
            }
        }
    }

    /// <summary>Queues <see cref="_frame"/> (copied at once) on the pacer; the first frame of each grant is marked.</summary>
    private ValueTask WriteFrameAsync(CancellationToken ct)
    {
        var flags = Interlocked.Exchange(ref _start, 0) == StartPending ? FrameFlags.StartOfTransmission : FrameFlags.None;
        return _paced!.WriteAsync(_frame, flags, ct);
    }

    private async Task WriteLoopAsync(IServerStreamWriter<TalkResponse> responses, CancellationToken ct)
    {
        await foreach (var message in _out.Reader.ReadAllAsync(ct))
        {
            await responses.WriteAsync(message, ct);
        }
    }

    private void EndTransmission()
    {
        FloorGrant? grant;
        lock (_gate)
        {
            grant = _grant;
        }

        if (grant is null)
        {
            return;
        }

        _switchboard.SubmitFrame(_endpoint.Id, _group, ReadOnlySpan<float>.Empty, ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, FrameFlags.EndOfTransmission);
        _switchboard.ReleaseFloor(_endpoint.Id, _group);
        OnEnded(grant, Core.Floor.TransmissionEndReason.Released);
    }

    private void OnNotice(FloorNotice notice)
    {
        switch (notice.Kind)
        {
            case FloorNoticeKind.Granted when notice.Grant is { } grant:
                OnGranted(grant);
                break;
            case FloorNoticeKind.QueuePositionChanged:
                Enqueue(new TalkResponse { Queued = new TalkQueued { Position = notice.QueuePosition } });
                break;
            case FloorNoticeKind.QueueExpired:
                Enqueue(Denied("the queued request expired", null));
                break;
            case FloorNoticeKind.Revoked:
                var reason = notice.RevokeReason ?? Core.Floor.TransmissionEndReason.PreEmpted;
                var revoked = TakeGrant();
                if (revoked is not null)
                {
                    Enqueue(new TalkResponse { Revoked = new TalkRevoked { Reason = ProtoMapper.ToProto(reason) } });
                    OnEnded(revoked, reason);
                }

                break;
            case FloorNoticeKind.Released:
                if (TakeGrant() is { } released)
                {
                    OnEnded(released, Core.Floor.TransmissionEndReason.Released);
                }

                break;
        }
    }

    private void OnGranted(FloorGrant grant)
    {
        lock (_gate)
        {
            _grant = grant;
            _endedSent = false;
        }

        Volatile.Write(ref _start, StartPending);

        LogGranted(_logger, _talker.Endpoint, _group, grant.Call, grant.Priority);
        Enqueue(new TalkResponse { Granted = new TalkGranted { CallId = grant.Call.Value, TalkGroupId = _group.Value, EndpointId = _endpoint.Id.Value } });
    }

    private FloorGrant? TakeGrant()
    {
        lock (_gate)
        {
            var grant = _grant;
            _grant = null;
            return grant;
        }
    }

    /// <summary>Sends ended once per grant, whether the release notice or our own release gets here first.</summary>
    private void OnEnded(FloorGrant grant, Core.Floor.TransmissionEndReason reason)
    {
        lock (_gate)
        {
            if (_endedSent)
            {
                return;
            }

            _endedSent = true;
            _grant = null;
        }

        var duration = _time.GetUtcNow() - grant.GrantedAt;
        Enqueue(new TalkResponse
        {
            Ended = new TalkEnded { CallId = grant.Call.Value, DurationMs = (long)duration.TotalMilliseconds, Reason = ProtoMapper.ToProto(reason) },
        });
    }

    private static TalkResponse Denied(string reason, FloorHolder? holder)
    {
        var denied = new TalkDenied { Reason = reason };
        if (holder is not null)
        {
            denied.Holder = ProtoMapper.ToProto(holder.Talker);
            denied.HolderPriority = ProtoMapper.ToProto(holder.Priority);
        }

        return new TalkResponse { Denied = denied };
    }

    private void Enqueue(TalkResponse message)
    {
        if (!_out.Writer.TryWrite(message))
        {
            // 64 floor messages unread means the client stopped reading; the stream ends when its call does.
            LogOutputFull(_logger, _talker.Endpoint);
        }
    }

    [LoggerMessage(EventId = 5040, Level = LogLevel.Information, Message = "gRPC talker {Endpoint} granted in {TalkGroup} (call {Call}, priority {Priority})")]
    private static partial void LogGranted(ILogger logger, EndpointId endpoint, TalkGroupId talkGroup, CallId call, Core.Floor.Priority priority);

    [LoggerMessage(EventId = 5041, Level = LogLevel.Information, Message = "gRPC talker {Endpoint} denied in {TalkGroup}: {Reason}")]
    private static partial void LogDenied(ILogger logger, EndpointId endpoint, TalkGroupId talkGroup, string reason);

    [LoggerMessage(EventId = 5042, Level = LogLevel.Debug, Message = "gRPC talker {Endpoint}: {Count} audio messages/frames discarded while not holding the floor")]
    private static partial void LogDiscarded(ILogger logger, EndpointId endpoint, long count);

    [LoggerMessage(EventId = 5043, Level = LogLevel.Warning, Message = "gRPC talker {Endpoint} is not reading its responses; a floor message was dropped")]
    private static partial void LogOutputFull(ILogger logger, EndpointId endpoint);
}

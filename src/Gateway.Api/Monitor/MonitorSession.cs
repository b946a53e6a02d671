using System.Buffers.Binary;
using System.Threading.Channels;
using Gateway.Api.Mapping;
using Gateway.Api.Talk;
using Gateway.Api.V1;
using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using AudioFormat = Gateway.Audio.AudioFormat;
using WireFormat = Gateway.Api.V1.AudioFormat;

namespace Gateway.Api.Monitor;

/// <summary>
/// One Monitor stream: a gRPC listener endpoint attached to each chosen group (the router encodes once per profile, so
/// many Opus monitors cost one encode), plus the groups' floor and call events. Audio and events share one bounded queue
/// drained by a single writer; when the client reads too slowly its own oldest frames are dropped, never the router's time.
/// </summary>
internal sealed partial class MonitorSession
{
    private const int QueueFrames = 100; // 2 s of audio

    private readonly ISwitchboard _switchboard;
    private readonly IEventBus _bus;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<TalkGroupId> _groups;
    private readonly WireFormat _format;
    private readonly GrpcVoiceEndpoint _endpoint;
    private readonly Channel<Item> _queue;
    private readonly MonitorToneSource? _tones;
    private long _dropped;

    public MonitorSession(ISwitchboard switchboard, IEventBus bus, ILogger logger, IReadOnlyList<TalkGroupId> groups, WireFormat format, MonitorToneSource? tones = null)
    {
        _tones = tones;
        _switchboard = switchboard;
        _bus = bus;
        _logger = logger;
        _groups = groups;
        _format = format;
        var profile = format == WireFormat.Opus ? CodecProfile.Opus() : CodecProfile.Pcm48k;
        _endpoint = new GrpcVoiceEndpoint(GrpcVoiceEndpoint.NewId("monitor"), profile, Deliver, static _ => { });
        _queue = Channel.CreateBounded<Item>(
            new BoundedChannelOptions(QueueFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            OnDropped);
    }

    public EndpointId EndpointId => _endpoint.Id;

    public async Task RunAsync(IServerStreamWriter<MonitorResponse> responses, CancellationToken ct)
    {
        var groups = new HashSet<TalkGroupId>(_groups);
        using var events = _bus.Subscribe("grpc-monitor:" + _endpoint.Id, 256,
            e => e.TalkGroup is { } g && groups.Contains(g) && e is Core.Events.FloorGranted or Core.Events.FloorRevoked or FloorReleased
                or Core.Events.FloorQueued or Core.Events.FloorDenied or CallStarted or CallEnded
                or EmergencyRaised or EmergencyCancelled or EmergencyCleared);
        foreach (var group in _groups)
        {
            _switchboard.Attach(_endpoint, group);
        }

        LogStarted(_logger, _endpoint.Id, string.Join(',', _groups), _format);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var forward = ForwardEventsAsync(events, stop.Token);
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(ct))
            {
                var message = item.Packet is { } packet ? ToMessage(packet)
                    : item.Tone is { } tone ? new MonitorResponse { Audio = tone }
                    : new MonitorResponse { Event = item.Event };
                await responses.WriteAsync(message, ct);
            }
        }
        finally
        {
            foreach (var group in _groups)
            {
                _switchboard.Detach(_endpoint.Id, group);
            }

            _queue.Writer.TryComplete();
            await stop.CancelAsync();
            try
            {
                await forward;
            }
            catch (OperationCanceledException)
            {
            }

            while (_queue.Reader.TryRead(out var left))
            {
                left.Packet?.Release();
            }

            LogStopped(_logger, _endpoint.Id, Interlocked.Read(ref _dropped));
        }
    }

    private async Task ForwardEventsAsync(IEventSubscription events, CancellationToken ct)
    {
        var tones = new List<Task>();
        await foreach (var e in events.Reader.ReadAllAsync(ct))
        {
            if (ProtoMapper.ToProto(e) is { } message)
            {
                _queue.Writer.TryWrite(new Item(null, message));
            }

            // The dispatcher hears the emergency alert tone on this monitor, paced like audio (the radios do not hear it).
            if (e is EmergencyRaised raised && _tones is not null)
            {
                tones.RemoveAll(t => t.IsCompleted);
                tones.Add(PlayToneAsync(raised.Group, ct));
            }
        }

        await Task.WhenAll(tones);
    }

    private async Task PlayToneAsync(TalkGroupId group, CancellationToken ct)
    {
        using var tone = new MonitorTone(_format, _tones!.Codecs);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(Audio.AudioFormat.FrameMilliseconds), _tones.Time);
        LogTone(_logger, _endpoint.Id, group, MonitorToneSource.EmergencyToneName);
        try
        {
            foreach (var frame in tone.Frames(group.Value, MonitorToneSource.EmergencyToneName, _tones.EmergencyTone))
            {
                _queue.Writer.TryWrite(new Item(null, null, frame));
                if (!await ticks.WaitForNextTickAsync(ct))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Called by the router; never blocks (a full queue drops this stream's oldest item).</summary>
    private void Deliver(MediaPacket packet)
    {
        if (!_queue.Writer.TryWrite(new Item(packet, null)))
        {
            packet.Release(); // the stream is closing
        }
    }

    private void OnDropped(Item item)
    {
        Interlocked.Increment(ref _dropped);
        item.Packet?.Release();
    }

    private MonitorResponse ToMessage(MediaPacket packet)
    {
        try
        {
            var audio = new MonitorAudio
            {
                TalkGroupId = packet.TalkGroup.Value,
                Sequence = packet.Sequence,
                Format = _format,
                Samples = packet.Samples,
                StartOfTransmission = (packet.Flags & FrameFlags.StartOfTransmission) != 0,
                EndOfTransmission = (packet.Flags & FrameFlags.EndOfTransmission) != 0,
                Data = Payload(packet),
            };
            if (packet.Talker is { } talker)
            {
                audio.Talker = ProtoMapper.ToProto(talker);
            }

            return new MonitorResponse { Audio = audio };
        }
        finally
        {
            packet.Release();
        }
    }

    private ByteString Payload(MediaPacket packet)
    {
        if (_format == WireFormat.Opus)
        {
            return ByteString.CopyFrom(packet.Payload);
        }

        return packet.Profile.Codec == CodecKind.L16 && packet.PayloadLength == packet.Samples * 2
            ? ByteString.CopyFrom(packet.Payload)
            : FromPcm(packet);
    }

    // The router hands PCM destinations the frame's float samples when it did not encode L16 itself.
    private static ByteString FromPcm(MediaPacket packet)
    {
        if (!packet.HasPcm)
        {
            return ByteString.Empty;
        }

        var samples = Math.Min(packet.Samples, AudioFormat.FrameSamples);
        Span<byte> bytes = stackalloc byte[AudioFormat.FrameSamples * 2];
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes[(2 * i)..], PcmConversion.ToInt16(packet.Pcm[i]));
        }

        return ByteString.CopyFrom(bytes[..(samples * 2)]);
    }

    [LoggerMessage(EventId = 5050, Level = LogLevel.Information, Message = "gRPC monitor {Endpoint} started on {TalkGroups} ({Format})")]
    private static partial void LogStarted(ILogger logger, EndpointId endpoint, string talkGroups, WireFormat format);

    [LoggerMessage(EventId = 5051, Level = LogLevel.Information, Message = "gRPC monitor {Endpoint} stopped ({Dropped} items dropped for a slow reader)")]
    private static partial void LogStopped(ILogger logger, EndpointId endpoint, long dropped);

    [LoggerMessage(EventId = 5052, Level = LogLevel.Information, Message = "gRPC monitor {Endpoint}: {Tone} tone for {TalkGroupId}")]
    private static partial void LogTone(ILogger logger, EndpointId endpoint, TalkGroupId talkGroupId, string tone);

    private readonly record struct Item(MediaPacket? Packet, Event? Event, MonitorAudio? Tone = null);
}

using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;

namespace Gateway.Connectors.Mumble.Session;

/// <summary>
/// Sends group audio into the session's Mumble channel as tunnelled Opus voice packets. <see cref="Enqueue"/> never blocks:
/// the core's <see cref="EgressQueue"/> drops its own oldest frames when the TLS connection is slow and runs the one
/// sender loop. The last frame of a transmission carries the terminator flag. Buffers are reused, so steady state
/// allocates nothing.
/// </summary>
internal sealed class MumbleVoiceEgress : IAsyncDisposable
{
    /// <summary>200 ms of audio: enough to ride out a TCP hiccup without building latency.</summary>
    private const int QueueCapacity = 10;

    private readonly EgressQueue _queue;
    private readonly EndpointId _endpoint;
    private readonly IAudioEncoder _encoder;
    private readonly Func<MumbleConnection?> _connection;
    private readonly byte[] _opus = new byte[AudioFormat.MaxPacketBytes];
    private readonly byte[] _packet = new byte[VoicePacketCodec.MaxPacketLength + 64];
    private readonly float[] _silence = new float[AudioFormat.FrameSamples];
    private long _sequence;
    private long _notConnected;

    public MumbleVoiceEgress(EndpointId endpoint, ICodecFactory codecs, CodecProfile profile, Func<MumbleConnection?> connection, GatewayMetrics? metrics = null)
    {
        _endpoint = endpoint;
        _encoder = codecs.CreateEncoder(profile);
        _connection = connection;
        _queue = new EgressQueue(QueueCapacity, SendAsync, metrics);
    }

    /// <summary>Frames dropped because the queue overflowed, the session was not in its channel, or the send failed.</summary>
    public long Dropped => _queue.Dropped + _queue.Failed + Interlocked.Read(ref _notConnected);

    /// <summary>Frames handed to the connection (including skipped echoes).</summary>
    public long Sent => _queue.Sent;

    /// <summary>Takes ownership of one reference of <paramref name="packet"/>.</summary>
    public void Enqueue(MediaPacket packet) => _queue.Enqueue(packet);

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync();
        _encoder.Dispose();
    }

    private ValueTask SendAsync(MediaPacket packet, CancellationToken cancellationToken)
    {
        var connection = _connection();
        if (connection is null)
        {
            Interlocked.Increment(ref _notConnected);
            return ValueTask.CompletedTask;
        }

        var length = BuildPacket(packet);
        return length == 0 ? ValueTask.CompletedTask : connection.SendVoiceAsync(_packet.AsMemory(0, length), cancellationToken);
    }

    /// <summary>Builds the voice packet for one frame into the reused buffer; 0 when nothing is to be sent.</summary>
    private int BuildPacket(MediaPacket packet)
    {
        // The router never hands an endpoint its own audio; this also guards against a patch looping it back.
        if (packet.Talker is { } talker && talker.Endpoint == _endpoint)
        {
            return 0;
        }

        var terminator = (packet.Flags & FrameFlags.EndOfTransmission) != 0;
        ReadOnlySpan<byte> opus;
        if (packet.Profile.Codec == CodecKind.Opus && packet.PayloadLength > 0 && packet.PayloadLength <= VoicePacketCodec.MaxOpusLength)
        {
            opus = packet.Payload;
        }
        else if (packet.HasPcm)
        {
            opus = _opus.AsSpan(0, _encoder.Encode(packet.Pcm, _opus));
        }
        else if (terminator)
        {
            // An end marker without audio still needs a packet to carry the terminator flag.
            opus = _opus.AsSpan(0, _encoder.Encode(_silence, _opus));
        }
        else
        {
            return 0;
        }

        var length = VoicePacketCodec.WriteClient(_packet, _sequence, opus, terminator);

        // seq counts 10 ms units (protocols-ip.md A5).
        _sequence += Math.Max(1, packet.Samples / (AudioFormat.SampleRate / 100));
        return length;
    }
}

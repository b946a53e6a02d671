using System.Threading.Channels;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Connectors.Mumble.Session;

/// <summary>
/// Sends group audio into the session's Mumble channel as tunnelled Opus voice packets. <see cref="Enqueue"/> never blocks:
/// a bounded queue drops its own oldest frames when the TLS connection is slow. One sender loop per session writes them;
/// the last frame of a transmission carries the terminator flag. Reuses its buffers, so steady state allocates nothing.
/// </summary>
internal sealed class MumbleVoiceEgress : IDisposable
{
    private const int QueueCapacity = 25;

    private readonly Channel<MediaPacket> _queue;
    private readonly EndpointId _endpoint;
    private readonly IAudioEncoder _encoder;
    private readonly byte[] _opus = new byte[AudioFormat.MaxPacketBytes];
    private readonly byte[] _packet = new byte[VoicePacketCodec.MaxPacketLength + 64];
    private readonly float[] _silence = new float[AudioFormat.FrameSamples];
    private long _sequence;
    private long _dropped;
    private long _sent;

    public MumbleVoiceEgress(EndpointId endpoint, ICodecFactory codecs, CodecProfile profile)
    {
        _endpoint = endpoint;
        _encoder = codecs.CreateEncoder(profile);
        _queue = Channel.CreateBounded<MediaPacket>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            packet =>
            {
                Interlocked.Increment(ref _dropped);
                packet.Release();
            });
    }

    /// <summary>Frames dropped (queue overflow, not connected, send failure).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Voice packets written to the server.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Takes ownership of one reference of <paramref name="packet"/>.</summary>
    public void Enqueue(MediaPacket packet)
    {
        if (!_queue.Writer.TryWrite(packet))
        {
            Interlocked.Increment(ref _dropped);
            packet.Release();
        }
    }

    /// <summary>Drains the queue until cancelled; <paramref name="connection"/> returns the joined connection or null.</summary>
    public async Task RunAsync(Func<MumbleConnection?> connection, CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var packet))
                {
                    try
                    {
                        var current = connection();
                        var length = current is null ? 0 : BuildPacket(packet);
                        if (length == 0)
                        {
                            if (current is null)
                            {
                                Interlocked.Increment(ref _dropped);
                            }

                            continue;
                        }

                        await current!.SendVoiceAsync(_packet.AsMemory(0, length), cancellationToken);
                        Interlocked.Increment(ref _sent);
                    }
                    catch (MumbleConnectionException)
                    {
                        // The session's receive loop notices the broken connection and reconnects.
                        Interlocked.Increment(ref _dropped);
                    }
                    finally
                    {
                        packet.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            while (reader.TryRead(out var left))
            {
                left.Release();
            }
        }
    }

    public void Dispose() => _encoder.Dispose();

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

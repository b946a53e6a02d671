using System.Threading.Channels;
using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Core.Endpoints;

/// <summary>
/// An endpoint that lives in memory: tests drive the switchboard with it, and the API can use it as a monitor tap.
/// In capture mode every delivered packet is copied into <see cref="Frames"/> (bounded, dropping the oldest);
/// otherwise packets are only counted, which allocates nothing (benchmarks, allocation tests).
/// </summary>
public sealed class InMemoryEndpoint : IVoiceEndpoint
{
    private readonly Channel<ReceivedFrame>? _frames;
    private readonly Channel<FloorNotice> _notices;
    private long _delivered;
    private long _ends;
    private long _captureDropped;

    public InMemoryEndpoint(EndpointId id, CodecProfile egressProfile, bool capture = true, int captureCapacity = 16_384, EndpointKind kind = EndpointKind.Memory)
    {
        Id = id;
        EgressProfile = egressProfile;
        Kind = kind;
        if (capture)
        {
            _frames = Channel.CreateBounded<ReceivedFrame>(
                new BoundedChannelOptions(captureCapacity) { FullMode = BoundedChannelFullMode.DropOldest },
                _ => Interlocked.Increment(ref _captureDropped));
        }

        _notices = Channel.CreateUnbounded<FloorNotice>();
    }

    public EndpointId Id { get; }

    public EndpointKind Kind { get; }

    public CodecProfile EgressProfile { get; }

    /// <summary>Packets delivered so far (including end-of-transmission markers).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>End-of-transmission markers delivered so far.</summary>
    public long EndsOfTransmission => Interlocked.Read(ref _ends);

    /// <summary>Captured frames dropped because the capture buffer was full.</summary>
    public long CaptureDropped => Interlocked.Read(ref _captureDropped);

    /// <summary>Copies of delivered packets (capture mode only; empty otherwise).</summary>
    public ChannelReader<ReceivedFrame> Frames => _frames?.Reader ?? EmptyReader.Instance;

    /// <summary>Floor notices about this endpoint's own requests.</summary>
    public ChannelReader<FloorNotice> Notices => _notices.Reader;

    /// <summary>Runs for each delivered packet before it is released (the packet is only valid during the call).</summary>
    public Action<MediaPacket>? OnPacket { get; set; }

    public void Deliver(MediaPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        try
        {
            Interlocked.Increment(ref _delivered);
            if ((packet.Flags & FrameFlags.EndOfTransmission) != 0)
            {
                Interlocked.Increment(ref _ends);
            }

            OnPacket?.Invoke(packet);
            _frames?.Writer.TryWrite(new ReceivedFrame(
                packet.TalkGroup,
                packet.Talker,
                packet.Profile,
                packet.Payload.ToArray(),
                packet.HasPcm ? (float[])packet.Pcm.Clone() : null,
                packet.Flags,
                packet.Sequence));
        }
        finally
        {
            packet.Release();
        }
    }

    public void OnFloorNotice(FloorNotice notice) => _notices.Writer.TryWrite(notice);

    private static class EmptyReader
    {
        public static readonly ChannelReader<ReceivedFrame> Instance = CreateCompleted();

        private static ChannelReader<ReceivedFrame> CreateCompleted()
        {
            var channel = Channel.CreateUnbounded<ReceivedFrame>();
            channel.Writer.TryComplete();
            return channel.Reader;
        }
    }
}

using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Api.Talk;

/// <summary>
/// A gRPC stream as the router sees it. Deliveries and floor notices are handed to the owning session, which queues
/// them for its single stream writer; nothing here blocks the router.
/// </summary>
internal sealed class GrpcVoiceEndpoint : IVoiceEndpoint
{
    private readonly Action<MediaPacket> _deliver;
    private readonly Action<FloorNotice> _notice;

    public GrpcVoiceEndpoint(EndpointId id, CodecProfile egressProfile, Action<MediaPacket> deliver, Action<FloorNotice> notice)
    {
        Id = id;
        EgressProfile = egressProfile;
        _deliver = deliver;
        _notice = notice;
    }

    public EndpointId Id { get; }

    public EndpointKind Kind => EndpointKind.Grpc;

    public CodecProfile EgressProfile { get; }

    public void Deliver(MediaPacket packet) => _deliver(packet);

    public void OnFloorNotice(FloorNotice notice) => _notice(notice);

    /// <summary>A fresh endpoint id for one stream: grpc-talk-3f2a9c1b (the key name is in the talker, not the id).</summary>
    public static EndpointId NewId(string kind) => new($"grpc-{kind}-{Guid.NewGuid().ToString("N")[..8]}");
}

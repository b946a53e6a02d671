using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Core.Media;

/// <summary>
/// What the router sees of an audio terminal. Kept as small as a radio's PTT line:
/// audio goes out through <see cref="Deliver"/>; audio comes in through <see cref="ISwitchboard.SubmitFrame"/>;
/// floor decisions about this endpoint's own requests come back through <see cref="OnFloorNotice"/>.
/// </summary>
public interface IVoiceEndpoint
{
    EndpointId Id { get; }

    EndpointKind Kind { get; }

    /// <summary>The profile this endpoint wants its outgoing audio in (the router encodes once per profile).</summary>
    CodecProfile EgressProfile { get; }

    /// <summary>
    /// Hands one group frame to the endpoint. Must never block: an endpoint with slow I/O queues it
    /// (bounded, dropping its own oldest frames, see <see cref="EgressQueue"/>). The endpoint owns one reference
    /// and calls <see cref="MediaPacket.Release"/> when done with it.
    /// </summary>
    void Deliver(MediaPacket packet);

    /// <summary>
    /// A floor decision about a request this endpoint made (granted after queueing, revoked, queue expired...).
    /// Called outside any router lock; must not block.
    /// </summary>
    void OnFloorNotice(FloorNotice notice);
}

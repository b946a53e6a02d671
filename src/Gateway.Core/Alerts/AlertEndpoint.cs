using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Core.Alerts;

/// <summary>The gateway's own talker for one alert play in one group: it only sends, and waits for a queued floor grant.</summary>
internal sealed class AlertEndpoint : IVoiceEndpoint
{
    private readonly TaskCompletionSource<bool> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _revoked;

    public AlertEndpoint(EndpointId id) => Id = id;

    public EndpointId Id { get; }

    public EndpointKind Kind => EndpointKind.Memory;

    public CodecProfile EgressProfile => CodecProfile.Pcm48k;

    /// <summary>True once granted after queueing; false when the queued request expired.</summary>
    public Task<bool> Granted => _granted.Task;

    /// <summary>A higher priority took the floor during the play.</summary>
    public bool Revoked => _revoked;

    public void Deliver(MediaPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        packet.Release();
    }

    public void OnFloorNotice(FloorNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        switch (notice.Kind)
        {
            case FloorNoticeKind.Granted:
                _granted.TrySetResult(true);
                break;
            case FloorNoticeKind.QueueExpired:
                _granted.TrySetResult(false);
                break;
            case FloorNoticeKind.Revoked:
                _revoked = true;
                _granted.TrySetResult(false);
                break;
            default:
                break;
        }
    }
}

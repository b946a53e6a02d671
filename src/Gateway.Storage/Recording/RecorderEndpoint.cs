using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Storage.Recording;

/// <summary>
/// The recorder as the router sees it: one endpoint attached to every recording group, asking for Opus, so a talker's
/// Opus frames of the same profile reach it untouched and any other talker is encoded once (shared with the other Opus
/// listeners of that profile). <see cref="Deliver"/> only queues: the file work happens on the recording service's task.
/// </summary>
internal sealed class RecorderEndpoint : IVoiceEndpoint
{
    public static readonly EndpointId RecorderId = new("recorder");

    private readonly RecordingService _service;

    public RecorderEndpoint(RecordingService service, int bitrate)
    {
        _service = service;
        EgressProfile = CodecProfile.Opus(bitrate);
    }

    public EndpointId Id => RecorderId;

    public EndpointKind Kind => EndpointKind.File;

    public CodecProfile EgressProfile { get; }

    public void Deliver(MediaPacket packet) => _service.Enqueue(packet);

    public void OnFloorNotice(FloorNotice notice)
    {
        // The recorder never requests the floor.
    }
}

using Gateway.Audio.Codecs;
using Gateway.Core.Media;

namespace Gateway.Core.Routing;

/// <summary>The online endpoints of one floor domain that want the same egress profile: one encode serves them all.</summary>
internal sealed class ProfileBucket(CodecProfile profile, IVoiceEndpoint[] endpoints)
{
    public CodecProfile Profile { get; } = profile;

    public IVoiceEndpoint[] Endpoints { get; } = endpoints;
}

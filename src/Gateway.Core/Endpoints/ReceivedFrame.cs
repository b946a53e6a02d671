using Gateway.Audio.Codecs;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Core.Endpoints;

/// <summary>A copy of one delivered packet, kept by an <see cref="InMemoryEndpoint"/> in capture mode.</summary>
public sealed record ReceivedFrame(
    TalkGroupId TalkGroup,
    Talker? Talker,
    CodecProfile Profile,
    byte[] Payload,
    float[]? Pcm,
    FrameFlags Flags,
    long Sequence);

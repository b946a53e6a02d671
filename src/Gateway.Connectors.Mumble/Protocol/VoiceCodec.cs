namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>The 3-bit type in a voice packet's first byte.</summary>
internal enum VoiceCodec : byte
{
    CeltAlpha = 0,
    Ping = 1,
    Speex = 2,
    CeltBeta = 3,
    Opus = 4,
}

namespace Gateway.Audio.Files;

/// <summary>The identification header of an Ogg Opus stream (RFC 7845 §5.1).</summary>
public readonly record struct OggOpusHeader(int Version, int Channels, int PreSkip, int InputSampleRate, int OutputGainQ8, int MappingFamily);

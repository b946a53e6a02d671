namespace Gateway.Audio.Codecs;

/// <summary>
/// What a destination needs on the wire: codec + sample rate + bitrate.
/// Two endpoints with equal profiles can share one encoded frame (encode once per profile).
/// </summary>
/// <param name="Codec">The codec.</param>
/// <param name="SampleRate">The codec's audio rate in Hz (8000 for G.711, 48000 for Opus and L16 by default).</param>
/// <param name="Bitrate">Target bitrate in bit/s for variable-rate codecs (Opus); 0 where it does not apply.</param>
public readonly record struct CodecProfile(CodecKind Codec, int SampleRate, int Bitrate)
{
    public static readonly CodecProfile Pcm48k = new(CodecKind.L16, 48_000, 0);
    public static readonly CodecProfile Pcmu = new(CodecKind.Pcmu, 8_000, 0);
    public static readonly CodecProfile Pcma = new(CodecKind.Pcma, 8_000, 0);

    public static CodecProfile Opus(int bitrate = 32_000) => new(CodecKind.Opus, 48_000, bitrate);

    public override string ToString() => Bitrate > 0 ? $"{Codec}/{SampleRate}/{Bitrate}" : $"{Codec}/{SampleRate}";
}

namespace Gateway.Audio.Codecs;

/// <summary>Creates encoders and decoders for a profile (Opus native or managed, G.711, L16).</summary>
public interface ICodecFactory
{
    IAudioEncoder CreateEncoder(CodecProfile profile);

    IAudioDecoder CreateDecoder(CodecProfile profile);
}

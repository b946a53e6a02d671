using Gateway.Audio.Codecs.Opus;
using Gateway.Audio.Resampling;

namespace Gateway.Audio.Codecs;

/// <summary>How the <see cref="CodecFactory"/> builds codecs.</summary>
public sealed class CodecFactoryOptions
{
    /// <summary>Use the system libopus when it loads (the default); false forces the managed codec.</summary>
    public bool PreferNativeOpus { get; set; } = true;

    /// <summary>Encoder tuning for Opus profiles; the profile's bitrate overrides <see cref="OpusEncoderSettings.Bitrate"/>.</summary>
    public OpusEncoderSettings Opus { get; set; } = new();

    /// <summary>Speex resampler quality (0..10) for the 8 kHz codecs.</summary>
    public int ResamplerQuality { get; set; } = AudioResampler.DefaultQuality;
}

using Concentus;
using Concentus.Enums;

namespace Gateway.Audio.Codecs.Opus;

/// <summary>IAudioEncoder over a Concentus encoder (native libopus or managed): 48 kHz mono VOIP.</summary>
internal sealed class OpusEncoderAdapter : IAudioEncoder
{
    private readonly IOpusEncoder _encoder;
    private int _sourceSampleRate = AudioFormat.SampleRate;

    public OpusEncoderAdapter(IOpusEncoder encoder, OpusEncoderSettings settings)
    {
        _encoder = encoder;
        Settings = settings;
        Profile = CodecProfile.Opus(settings.Bitrate);
        encoder.Bitrate = settings.Bitrate;
        encoder.Complexity = settings.Complexity;
        encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
        encoder.UseInbandFEC = settings.InbandFec;
        encoder.PacketLossPercent = settings.InbandFec ? settings.PacketLossPercent : 0;
        encoder.UseDTX = settings.Dtx;
        encoder.UseVBR = settings.Vbr;
        encoder.UseConstrainedVBR = settings.Vbr;
    }

    public CodecProfile Profile { get; }

    public OpusEncoderSettings Settings { get; }

    /// <summary>The implementation's own name, e.g. "libopus 1.3.1" or "Concentus 2.1.2".</summary>
    public string Version => _encoder.GetVersionString();

    /// <summary>Encodes 2.5/5/10/20/40/60 ms of 48 kHz audio (20 ms is the gateway's frame).</summary>
    public int Encode(ReadOnlySpan<float> frame48k, Span<byte> payload)
    {
        if (frame48k.Length is not (120 or 240 or 480 or 960 or 1920 or 2880))
        {
            throw new ArgumentException($"Opus cannot encode a frame of {frame48k.Length} samples.", nameof(frame48k));
        }

        var max = Math.Min(payload.Length, AudioFormat.MaxPacketBytes);
        return _encoder.Encode(frame48k, frame48k.Length, payload, max);
    }

    public void SetSourceSampleRate(int sampleRate)
    {
        if (sampleRate == _sourceSampleRate)
        {
            return;
        }

        // SILK only narrows its band gradually (it stayed wideband for seconds in a test), so start afresh: the caller
        // changes the rate between transmissions, where no prediction state is worth keeping.
        _sourceSampleRate = sampleRate;
        _encoder.ResetState();
        _encoder.MaxBandwidth = sampleRate switch
        {
            <= 8_000 => OpusBandwidth.OPUS_BANDWIDTH_NARROWBAND,
            <= 12_000 => OpusBandwidth.OPUS_BANDWIDTH_MEDIUMBAND,
            <= 16_000 => OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND,
            <= 24_000 => OpusBandwidth.OPUS_BANDWIDTH_SUPERWIDEBAND,
            _ => OpusBandwidth.OPUS_BANDWIDTH_FULLBAND,
        };
    }

    public void Dispose() => _encoder.Dispose();
}

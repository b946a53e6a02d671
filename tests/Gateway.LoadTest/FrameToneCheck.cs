using Gateway.Audio;
using Gateway.Audio.Codecs;

namespace Gateway.LoadTest;

/// <summary>
/// Before a transcoding run: passes talker PCMU frames through the same codec chain the gateway runs (G.711 decode with
/// 8→48 kHz resampling, Opus encode at the group's bitrate) and the listener's Opus decode, and checks that
/// <see cref="FrameToneDetector"/> names every frame's residue. A failure means the identity does not survive this
/// build's codecs, and the run would report loss that is not there: the harness stops instead.
/// </summary>
internal static class FrameToneCheck
{
    /// <summary>Frames identified correctly out of the frames checked (the first frame is skipped: codec start-up).</summary>
    public static (int Identified, int Checked) Run(ICodecFactory codecs, TestPayloads payloads, int frames = 1000)
    {
        using var g711 = codecs.CreateDecoder(CodecProfile.Pcmu);
        using var encoder = codecs.CreateEncoder(CodecProfile.Opus());
        using var opus = codecs.CreateDecoder(CodecProfile.Opus());
        var detector = new FrameToneDetector();
        Span<byte> pcmu = stackalloc byte[TestPayloads.PcmuBytes];
        var pcm = new float[AudioFormat.FrameSamples * 3];
        var packet = new byte[AudioFormat.MaxPacketBytes];
        var decoded = new float[AudioFormat.FrameSamples * 3];
        var identified = 0;
        for (var frame = 0; frame < frames; frame++)
        {
            payloads.WritePcmu(frame, pcmu);
            var samples = g711.Decode(pcmu, pcm);
            var length = encoder.Encode(pcm.AsSpan(0, samples), packet);
            var decodedSamples = opus.Decode(packet.AsSpan(0, length), decoded);
            if (frame > 0 && detector.Detect(decoded.AsSpan(0, decodedSamples)) == FrameTone.Residue(frame))
            {
                identified++;
            }
        }

        return (identified, frames - 1);
    }
}

using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>Builds a valid RTP stream of a sine tone (20 ms packets) with the real encoders, as a well-behaved peer would send.</summary>
internal static class ToneStream
{
    public static List<(double AtMs, byte[] Datagram)> Build(ICodecFactory codecs, CodecProfile profile, byte payloadType, double seconds, uint ssrc, ushort firstSequence = 1000, double frequency = 1000, double amplitude = 0.125, double sweepHzPerSecond = 0)
    {
        using var encoder = codecs.CreateEncoder(profile);
        var frames = (int)(seconds * 50);
        var pcm = new float[960];
        var payload = new byte[1500];
        var packet = new byte[1600];
        var result = new List<(double, byte[])>(frames);
        var clockPerFrame = profile.Codec == CodecKind.Opus ? 960u : 160u;
        var timestamp = 0x1000_0000u;
        var phase = 0.0;
        for (var f = 0; f < frames; f++)
        {
            for (var i = 0; i < 960; i++)
            {
                pcm[i] = (float)(amplitude * Math.Sin(phase));
                phase += 2 * Math.PI * (frequency + (sweepHzPerSecond * ((f * 960) + i) / 48_000.0)) / 48_000;
            }

            var length = encoder.Encode(pcm, payload);
            var n = RtpPacketWriter.Write(packet, f == 0, payloadType, (ushort)(firstSequence + f), timestamp, ssrc, payload.AsSpan(0, length));
            result.Add((f * 20.0, packet.AsSpan(0, n).ToArray()));
            timestamp += clockPerFrame;
        }

        return result;
    }
}

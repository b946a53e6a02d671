using Gateway.Audio;
using Gateway.Audio.Codecs;

namespace Gateway.Benchmarks.Audio;

/// <summary>Deterministic benchmark input: a voiced, formant-like signal with a little noise (codecs do less work on pure tones).</summary>
internal static class AudioSignals
{
    public static float[][] SpeechLikeFrames(int count)
    {
        var random = new Random(42);
        var frames = new float[count][];
        var phase = 0.0;
        for (var f = 0; f < count; f++)
        {
            var frame = new float[AudioFormat.FrameSamples];
            var pitch = 110 + (30 * Math.Sin(f * 0.3));
            for (var i = 0; i < frame.Length; i++)
            {
                phase += 2 * Math.PI * pitch / AudioFormat.SampleRate;
                var s = 0.0;
                for (var h = 1; h <= 20; h++)
                {
                    var freq = pitch * h;
                    var formant = Math.Exp(-Math.Pow((freq - 700) / 300, 2)) + (0.6 * Math.Exp(-Math.Pow((freq - 1200) / 400, 2)));
                    s += formant * Math.Sin(phase * h) / h;
                }

                frame[i] = (float)((0.25 * s) + (0.01 * (random.NextDouble() - 0.5)));
            }

            frames[f] = frame;
        }

        return frames;
    }

    public static byte[][] Encode(IAudioEncoder encoder, float[][] frames)
    {
        var payload = new byte[4000];
        return frames.Select(f => payload.AsSpan(0, encoder.Encode(f, payload)).ToArray()).ToArray();
    }
}

using System.Buffers.Binary;
using Gateway.Audio;
using Gateway.Audio.Tones;
using Gateway.Tests.Shared;

namespace Gateway.Host.Tests.EndToEnd.Support;

/// <summary>Audio for end-to-end tests: a speech clip as WAV bytes, a test tone, and measurements of received audio.</summary>
internal static class TestAudio
{
    /// <summary>The first <paramref name="seconds"/> of the English dispatch recording (48 kHz mono 16-bit) as a WAV file.</summary>
    public static byte[] SpeechWav(double seconds)
    {
        var file = File.ReadAllBytes(TestPaths.TestDataFile("dispatch-en-48k.wav"));
        var (offset, length) = DataChunk(file);
        var bytes = Math.Min(length, (int)(seconds * AudioFormat.SampleRate) * 2);
        var wav = new byte[44 + bytes];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + bytes);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), AudioFormat.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), AudioFormat.SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), bytes);
        file.AsSpan(offset, bytes).CopyTo(wav.AsSpan(44));
        return wav;
    }

    /// <summary>A sine at <paramref name="frequency"/> Hz, 48 kHz, amplitude 0.3.</summary>
    public static float[] Tone(double frequency, double seconds)
    {
        var samples = new float[(int)(seconds * AudioFormat.SampleRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * frequency * i / AudioFormat.SampleRate));
        }

        return samples;
    }

    /// <summary>The sample index (48 kHz) at which the two-tone page A→B was recognised by the gateway's own detector, or -1.</summary>
    public static int FindTwoTonePage(ReadOnlySpan<float> audio, double toneA, double toneB, TimeSpan minA, TimeSpan minB)
    {
        var detector = new TwoToneDetector([new TwoTonePage("page", toneA, toneB)], AudioFormat.SampleRate, minA, minB);
        for (var offset = 0; offset + AudioFormat.FrameSamples <= audio.Length; offset += AudioFormat.FrameSamples)
        {
            if (detector.Process(audio.Slice(offset, AudioFormat.FrameSamples)) is not null)
            {
                return offset + AudioFormat.FrameSamples;
            }
        }

        return -1;
    }

    /// <summary>The share of 100 ms windows in <paramref name="audio"/> louder than <paramref name="dbfs"/>.</summary>
    public static double LoudShare(ReadOnlySpan<float> audio, double dbfs)
    {
        const int window = AudioFormat.SampleRate / 10;
        var threshold = Math.Pow(10, dbfs / 20);
        int loud = 0, total = 0;
        for (var offset = 0; offset + window <= audio.Length; offset += window, total++)
        {
            double sum = 0;
            foreach (var s in audio.Slice(offset, window))
            {
                sum += s * s;
            }

            if (Math.Sqrt(sum / window) >= threshold)
            {
                loud++;
            }
        }

        return total == 0 ? 0 : (double)loud / total;
    }

    /// <summary>Dominant-frequency check: the energy at <paramref name="frequency"/> (Goertzel) relative to the total, over <paramref name="audio"/>.</summary>
    public static double EnergyShare(ReadOnlySpan<float> audio, double frequency)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / AudioFormat.SampleRate);
        double s1 = 0, s2 = 0, total = 0;
        foreach (var x in audio)
        {
            var s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
            total += x * x;
        }

        var power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return total <= 0 ? 0 : power / (total * audio.Length / 2);
    }

    private static (int Offset, int Length) DataChunk(byte[] wav)
    {
        var position = 12;
        while (position + 8 <= wav.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav, position, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(position + 4));
            if (id == "data")
            {
                return (position + 8, Math.Min(size, wav.Length - position - 8));
            }

            position += 8 + size + (size & 1);
        }

        throw new InvalidDataException("no data chunk");
    }
}

using System.Buffers.Binary;

namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>Reads 16-bit PCM mono WAV files (what ffmpeg writes) into floats.</summary>
internal static class Wav
{
    public static (float[] Samples, int SampleRate) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(bytes) != 0x52494646)
        {
            throw new InvalidDataException($"{path} is not a RIFF file ({bytes.Length} bytes).");
        }

        var pos = 12;
        var rate = 0;
        var channels = 1;
        while (pos + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 4));
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos + 10));
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 12));
            }
            else if (id == "data")
            {
                // ffmpeg may leave the size unset when stopped early: take what is there.
                var available = Math.Min(size <= 0 ? int.MaxValue : size, bytes.Length - pos - 8);
                var count = available / 2 / channels;
                var samples = new float[count];
                for (var i = 0; i < count; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 8 + (i * 2 * channels))) / 32768f;
                }

                return (samples, rate);
            }

            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Gateway.Cli;

/// <summary>A tiny RIFF/WAVE reader (16-bit PCM, any rate, mono or stereo → 48 kHz mono) and a streaming 48 kHz mono writer.</summary>
internal static class WavFile
{
    public const int Rate = 48_000;

    /// <summary>Reads 16-bit PCM and returns 48 kHz mono samples (stereo is averaged; other rates are resampled linearly).</summary>
    public static short[] ReadAs48kMono(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
        {
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file");
        }

        int format = 0, channels = 0, rate = 0, bits = 0;
        var pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, pos, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            if (size < 0 || pos + 8 + size > bytes.Length)
            {
                size = bytes.Length - pos - 8; // a truncated or streaming-written file: take what is there
            }

            var body = bytes.AsSpan(pos + 8, size);
            if (id == "fmt " && size >= 16)
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
            }
            else if (id == "data")
            {
                if (format is not (1 or 0xFFFE) || bits != 16 || channels is < 1 or > 2 || rate is < 8000 or > 192_000)
                {
                    throw new InvalidDataException($"{path}: need 16-bit PCM mono or stereo (found format {format}, {bits} bit, {channels} channels, {rate} Hz)");
                }

                return Resample(ToMono(body, channels), rate);
            }

            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no fmt/data chunk");
    }

    private static short[] ToMono(ReadOnlySpan<byte> data, int channels)
    {
        var frames = data.Length / (2 * channels);
        var mono = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            var sum = 0;
            for (var c = 0; c < channels; c++)
            {
                sum += BinaryPrimitives.ReadInt16LittleEndian(data.Slice(((i * channels) + c) * 2, 2));
            }

            mono[i] = (short)(sum / channels);
        }

        return mono;
    }

    private static short[] Resample(short[] input, int rate)
    {
        if (rate == Rate || input.Length == 0)
        {
            return input;
        }

        var output = new short[(int)((long)input.Length * Rate / rate)];
        var step = (double)rate / Rate;
        for (var i = 0; i < output.Length; i++)
        {
            var x = i * step;
            var j = (int)x;
            var frac = x - j;
            var a = input[Math.Min(j, input.Length - 1)];
            var b = input[Math.Min(j + 1, input.Length - 1)];
            output[i] = (short)Math.Round(a + ((b - a) * frac));
        }

        return output;
    }

    /// <summary>Writes 48 kHz mono 16-bit PCM as it arrives; sizes are filled in on dispose.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly FileStream _stream;
        private long _dataBytes;

        public Writer(string path)
        {
            _stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            Span<byte> header = stackalloc byte[44];
            Encoding.ASCII.GetBytes("RIFF", header);
            Encoding.ASCII.GetBytes("WAVEfmt ", header[8..]);
            BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
            BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);
            BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1);
            BinaryPrimitives.WriteInt32LittleEndian(header[24..], Rate);
            BinaryPrimitives.WriteInt32LittleEndian(header[28..], Rate * 2);
            BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2);
            BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
            Encoding.ASCII.GetBytes("data", header[36..]);
            _stream.Write(header);
        }

        public double Seconds => _dataBytes / 2.0 / Rate;

        public void Append(ReadOnlySpan<byte> pcm16)
        {
            _stream.Write(pcm16);
            _dataBytes += pcm16.Length;
        }

        public void Dispose()
        {
            Span<byte> size = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(size, (int)Math.Min(int.MaxValue, 36 + _dataBytes));
            _stream.Position = 4;
            _stream.Write(size);
            BinaryPrimitives.WriteInt32LittleEndian(size, (int)Math.Min(int.MaxValue, _dataBytes));
            _stream.Position = 40;
            _stream.Write(size);
            _stream.Dispose();
        }
    }
}

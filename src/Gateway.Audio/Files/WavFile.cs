using Gateway.Audio.Resampling;
using NAudio.Wave;

namespace Gateway.Audio.Files;

/// <summary>WAV helpers (NAudio.Core): anything in, the gateway's 48 kHz mono float out; 16-bit PCM or float out to disk.</summary>
public static class WavFile
{
    /// <summary>Reads a PCM (8/16/24/32-bit) or IEEE-float WAV file, mixes to mono and resamples to 48 kHz.</summary>
    public static float[] ReadMono48k(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadMono48k(stream);
    }

    /// <inheritdoc cref="ReadMono48k(string)"/>
    public static float[] ReadMono48k(Stream stream)
    {
        using var reader = new WaveFileReader(stream);
        var format = reader.WaveFormat;
        if (!AudioResampler.IsSupportedRate(format.SampleRate))
        {
            throw new InvalidDataException($"WAV sample rate {format.SampleRate} Hz is not supported.");
        }

        var provider = reader.ToSampleProvider();
        var channels = format.Channels;
        var frames = (int)(reader.SampleCount);
        var interleaved = new float[frames * channels];
        var read = 0;
        while (read < interleaved.Length)
        {
            var n = provider.Read(interleaved.AsSpan(read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var mono = new float[read / channels];
        ChannelMixer.ToMono(interleaved.AsSpan(0, mono.Length * channels), channels, mono);
        if (format.SampleRate == AudioFormat.SampleRate)
        {
            return mono;
        }

        using var resampler = new AudioResampler(format.SampleRate, AudioFormat.SampleRate, 5);
        var output = new float[resampler.MaxOutputSamples(mono.Length) + 64];
        var written = resampler.Process(mono, output);
        return output.AsSpan(0, written).ToArray();
    }

    /// <summary>Writes mono samples as a 16-bit PCM (default) or 32-bit float WAV file.</summary>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate = AudioFormat.SampleRate, bool ieeeFloat = false)
    {
        using var stream = File.Create(path);
        Write(stream, samples, sampleRate, ieeeFloat);
    }

    /// <inheritdoc cref="Write(string, ReadOnlySpan{float}, int, bool)"/>
    public static void Write(Stream stream, ReadOnlySpan<float> samples, int sampleRate = AudioFormat.SampleRate, bool ieeeFloat = false)
    {
        var format = ieeeFloat ? WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, 1) : new WaveFormat(sampleRate, 16, 1);
        using var writer = new WaveFileWriter(new NonClosingStream(stream), format);
        var buffer = new float[Math.Min(samples.Length, 4096)];
        for (var offset = 0; offset < samples.Length; offset += buffer.Length)
        {
            var count = Math.Min(buffer.Length, samples.Length - offset);
            samples.Slice(offset, count).CopyTo(buffer);
            writer.WriteSamples(buffer, 0, count);
        }
    }

    /// <summary>Lets the WAV writer finish its header without closing a caller's stream.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        protected override void Dispose(bool disposing) => inner.Flush();
    }
}

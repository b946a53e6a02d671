using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace Gateway.Core.Endpoints;

/// <summary>Opens a 16-bit PCM WAV file as 48 kHz mono float (mixing stereo down and resampling when needed).</summary>
internal static class WavAudio
{
    public static (WaveFileReader Reader, ISampleProvider Samples) Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"WAV file '{path}' not found.", path);
        }

        var reader = new WaveFileReader(path);
        try
        {
            var format = reader.WaveFormat;
            if (format.Encoding != WaveFormatEncoding.Pcm || format.BitsPerSample != 16 || format.Channels is < 1 or > 2)
            {
                throw new InvalidDataException(
                    $"WAV file '{path}' is {format.Encoding} {format.BitsPerSample}-bit with {format.Channels} channels; expected 16-bit PCM, mono or stereo.");
            }

            ISampleProvider samples = reader.ToSampleProvider();
            if (format.Channels == 2)
            {
                samples = new StereoToMonoSampleProvider(samples);
            }

            if (format.SampleRate != Audio.AudioFormat.SampleRate)
            {
                samples = new WdlResamplingSampleProvider(samples, Audio.AudioFormat.SampleRate);
            }

            return (reader, samples);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Reads until <paramref name="frame"/> is full or the file ends; returns the samples read.</summary>
    public static int ReadFully(ISampleProvider samples, Span<float> frame)
    {
        var total = 0;
        while (total < frame.Length)
        {
            var read = samples.Read(frame[total..]);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}

namespace Gateway.Audio.Resampling;

/// <summary>Channel down-mixing for inputs that are not mono (stereo files, sound cards).</summary>
public static class ChannelMixer
{
    /// <summary>Averages interleaved channels into mono; returns the number of mono samples written.</summary>
    public static int ToMono(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var frames = interleaved.Length / channels;
        if (mono.Length < frames)
        {
            throw new ArgumentException("The mono buffer is too small.", nameof(mono));
        }

        if (channels == 1)
        {
            interleaved[..frames].CopyTo(mono);
            return frames;
        }

        if (channels == 2)
        {
            for (var i = 0; i < frames; i++)
            {
                mono[i] = (interleaved[2 * i] + interleaved[(2 * i) + 1]) * 0.5f;
            }

            return frames;
        }

        var scale = 1f / channels;
        for (var i = 0; i < frames; i++)
        {
            var sum = 0f;
            var frame = interleaved.Slice(i * channels, channels);
            foreach (var s in frame)
            {
                sum += s;
            }

            mono[i] = sum * scale;
        }

        return frames;
    }
}

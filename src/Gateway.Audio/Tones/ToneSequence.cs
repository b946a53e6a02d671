namespace Gateway.Audio.Tones;

/// <summary>An immutable list of tone steps: a DTMF string, a selcall, a page, an alert. Render it or stream it.</summary>
public sealed class ToneSequence
{
    public ToneSequence(IEnumerable<ToneSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        Segments = segments.ToArray();
        foreach (var s in Segments)
        {
            if (s.Duration < TimeSpan.Zero)
            {
                throw new ArgumentException("Tone segment durations must not be negative.", nameof(segments));
            }
        }

        Duration = TimeSpan.FromTicks(Segments.Sum(s => s.Duration.Ticks));
    }

    public IReadOnlyList<ToneSegment> Segments { get; }

    public TimeSpan Duration { get; }

    /// <summary>Concatenation, e.g. a selcall followed by an alert.</summary>
    public ToneSequence Then(ToneSequence next) => new(Segments.Concat(next.Segments));

    /// <summary>The whole sequence as samples (tests, files, pre-rendered prompts).</summary>
    public float[] Render(int sampleRate = AudioFormat.SampleRate)
    {
        var player = CreatePlayer(sampleRate);
        var output = new float[player.TotalSamples];
        player.Read(output);
        return output;
    }

    /// <summary>A streaming, allocation-free player that fills 20 ms frames on the router tick.</summary>
    public ToneSequencePlayer CreatePlayer(int sampleRate = AudioFormat.SampleRate) => new(this, sampleRate);
}

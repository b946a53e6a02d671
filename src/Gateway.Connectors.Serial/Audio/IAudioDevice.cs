namespace Gateway.Connectors.Serial.Audio;

/// <summary>
/// One direction of a sound device: mono signed 16-bit samples at <see cref="SampleRate"/>. Blocking and paced by the
/// device (or by the simulation); one thread per device. Failures throw <see cref="IOException"/> naming the device.
/// </summary>
public interface IAudioDevice : IDisposable
{
    string Name { get; }

    AudioDirection Direction { get; }

    int SampleRate { get; }

    /// <summary>Samples per period (the unit the device moves; 20 ms here).</summary>
    int PeriodSamples { get; }

    /// <summary>Over/underruns recovered so far.</summary>
    long Xruns { get; }

    /// <summary>Fills <paramref name="buffer"/> with captured samples, blocking until they are there; returns the count.</summary>
    int Read(Span<short> buffer);

    /// <summary>Plays <paramref name="buffer"/>, blocking while the device buffer is full.</summary>
    void Write(ReadOnlySpan<short> buffer);
}

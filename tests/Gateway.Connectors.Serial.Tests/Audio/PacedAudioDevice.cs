using Gateway.Connectors.Serial.Audio;

namespace Gateway.Connectors.Serial.Tests.Audio;

/// <summary>
/// ALSA's file/null plugins run as fast as the CPU allows (1 s of audio in a few ms); this wrapper gives them a sound
/// card's clock so a test of the whole radio path sees real-time audio.
/// </summary>
internal sealed class PacedAudioDevice(IAudioDevice inner) : IAudioDevice
{
    private long _due = TimeProvider.System.GetTimestamp();

    public string Name => inner.Name;

    public AudioDirection Direction => inner.Direction;

    public int SampleRate => inner.SampleRate;

    public int PeriodSamples => inner.PeriodSamples;

    public long Xruns => inner.Xruns;

    public int Read(Span<short> buffer)
    {
        var n = inner.Read(buffer);
        Pace(n);
        return n;
    }

    public void Write(ReadOnlySpan<short> buffer)
    {
        inner.Write(buffer);
        Pace(buffer.Length);
    }

    private void Pace(int samples)
    {
        _due += (long)((double)samples / SampleRate * TimeProvider.System.TimestampFrequency);
        var wait = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), _due);
        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait);
        }
    }

    public void Dispose() => inner.Dispose();
}

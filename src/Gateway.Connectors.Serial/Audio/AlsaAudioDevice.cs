namespace Gateway.Connectors.Serial.Audio;

/// <summary>
/// An ALSA PCM (e.g. <c>plughw:CARD=Device,DEV=0</c>) through libasound: opened once and kept open (so keying never waits
/// for an open), S16_LE mono, 20 ms periods, ALSA's plug layer resampling when the card cannot do the rate. Over- and
/// underruns are recovered with <c>snd_pcm_recover</c> and counted.
/// </summary>
public sealed unsafe class AlsaAudioDevice : IAudioDevice
{
    private nint _pcm;

    private AlsaAudioDevice(string name, AudioDirection direction, int sampleRate, nint pcm)
    {
        Name = name;
        Direction = direction;
        SampleRate = sampleRate;
        PeriodSamples = sampleRate / 50;
        _pcm = pcm;
    }

    public string Name { get; }

    public AudioDirection Direction { get; }

    public int SampleRate { get; }

    public int PeriodSamples { get; }

    public long Xruns { get; private set; }

    /// <summary>Opens <paramref name="name"/>; the error names the device and ALSA's reason when it cannot.</summary>
    public static AlsaAudioDevice Open(string name, AudioDirection direction, int sampleRate)
    {
        nint pcm;
        int rc;
        try
        {
            rc = AlsaNative.snd_pcm_open(out pcm, name, direction == AudioDirection.Capture ? AlsaNative.StreamCapture : AlsaNative.StreamPlayback, 0);
        }
        catch (DllNotFoundException ex)
        {
            throw new IOException($"ALSA device '{name}' cannot be opened: libasound.so.2 is not installed (apt-get install libasound2)", ex);
        }

        if (rc < 0)
        {
            throw new IOException($"ALSA device '{name}' cannot be opened for {direction.ToString().ToLowerInvariant()}: {AlsaNative.ErrorText(rc)} ({rc})");
        }

        // 80 ms of device buffer = four 20 ms periods: small enough for latency, big enough for a loaded 2-core box.
        rc = AlsaNative.snd_pcm_set_params(pcm, AlsaNative.FormatS16Le, AlsaNative.AccessRwInterleaved, 1, (uint)sampleRate, 1, 80_000);
        if (rc < 0)
        {
            AlsaNative.snd_pcm_close(pcm);
            throw new IOException($"ALSA device '{name}' rejected S16_LE mono {sampleRate} Hz: {AlsaNative.ErrorText(rc)} ({rc})");
        }

        return new AlsaAudioDevice(name, direction, sampleRate, pcm);
    }

    public int Read(Span<short> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            nint n;
            fixed (short* p = buffer[done..])
            {
                // At most one period per call: the file plugin (and small hardware buffers) refuse more than the buffer holds.
                n = AlsaNative.snd_pcm_readi(Handle, p, (nuint)Math.Min(buffer.Length - done, PeriodSamples));
            }

            if (n < 0)
            {
                Recover((int)n);
                continue;
            }

            done += (int)n;
        }

        return done;
    }

    public void Write(ReadOnlySpan<short> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            nint n;
            fixed (short* p = buffer[done..])
            {
                n = AlsaNative.snd_pcm_writei(Handle, p, (nuint)Math.Min(buffer.Length - done, PeriodSamples));
            }

            if (n < 0)
            {
                Recover((int)n);
                continue;
            }

            done += (int)n;
        }
    }

    private nint Handle => _pcm != 0 ? _pcm : throw new ObjectDisposedException(Name);

    private void Recover(int error)
    {
        if (error is -AlsaNative.EPipe or -AlsaNative.EStrPipe)
        {
            Xruns++;
        }

        var rc = AlsaNative.snd_pcm_recover(Handle, error, 1);
        if (rc < 0)
        {
            throw new IOException($"ALSA device '{Name}' failed: {AlsaNative.ErrorText(error)} ({error}); recovery failed: {AlsaNative.ErrorText(rc)}");
        }
    }

    public void Dispose()
    {
        var pcm = _pcm;
        _pcm = 0;
        if (pcm != 0)
        {
            AlsaNative.snd_pcm_drop(pcm);
            AlsaNative.snd_pcm_close(pcm);
        }
    }
}

using System.Runtime.InteropServices;

namespace Gateway.Connectors.Serial.Audio;

/// <summary>
/// Raw S16_LE mono audio in a file or a pipe, for simulation and tests. <c>file:PATH</c> is paced to real time on the
/// <see cref="TimeProvider"/> (a file has no clock); <c>pipe:PATH</c> (a FIFO) is paced by whoever is at the other end.
/// Capture past the end of the input yields silence, like a receiver with nothing on the channel.
/// </summary>
public sealed class FileAudioDevice : IAudioDevice
{
    private readonly FileStream _stream;
    private readonly TimeProvider _time;
    private readonly bool _paced;
    private readonly byte[] _bytes;
    private long _nextDue;
    private bool _atEnd;

    private FileAudioDevice(string name, AudioDirection direction, int sampleRate, FileStream stream, bool paced, TimeProvider time)
    {
        Name = name;
        Direction = direction;
        SampleRate = sampleRate;
        PeriodSamples = sampleRate / 50;
        _stream = stream;
        _paced = paced;
        _time = time;
        _bytes = new byte[PeriodSamples * 2];
        _nextDue = time.GetTimestamp();
    }

    public string Name { get; }

    public AudioDirection Direction { get; }

    public int SampleRate { get; }

    public int PeriodSamples { get; }

    public long Xruns => 0;

    /// <param name="spec"><c>file:PATH</c> or <c>pipe:PATH</c>.</param>
    public static FileAudioDevice Open(string spec, AudioDirection direction, int sampleRate, TimeProvider time)
    {
        var paced = spec.StartsWith("file:", StringComparison.Ordinal);
        if (!paced && !spec.StartsWith("pipe:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{spec}' is not file:PATH or pipe:PATH", nameof(spec));
        }

        var path = spec[5..];
        try
        {
            var stream = direction == AudioDirection.Capture
                ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None)
                : new FileStream(path, paced ? FileMode.Create : FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            return new FileAudioDevice(spec, direction, sampleRate, stream, paced, time);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Audio device '{spec}' cannot be opened for {direction.ToString().ToLowerInvariant()}: {ex.Message}", ex);
        }
    }

    public int Read(Span<short> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var count = Math.Min(buffer.Length - done, PeriodSamples);
            var bytes = _bytes.AsSpan(0, count * 2);
            var got = _atEnd ? 0 : ReadFully(bytes);
            if (got < bytes.Length)
            {
                _atEnd = true;
                bytes[got..].Clear();
            }

            MemoryMarshal.Cast<byte, short>(bytes).CopyTo(buffer[done..]);
            done += count;
            Pace(count);
        }

        return done;
    }

    public void Write(ReadOnlySpan<short> buffer)
    {
        _stream.Write(MemoryMarshal.AsBytes(buffer));
        _stream.Flush();
        Pace(buffer.Length);
    }

    private int ReadFully(Span<byte> bytes)
    {
        var total = 0;
        while (total < bytes.Length)
        {
            var n = _stream.Read(bytes[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private void Pace(int samples)
    {
        if (!_paced && !_atEnd)
        {
            return;
        }

        _nextDue += (long)((double)samples / SampleRate * _time.TimestampFrequency);
        var wait = _time.GetElapsedTime(_time.GetTimestamp(), _nextDue);
        if (wait > TimeSpan.Zero)
        {
            Task.Delay(wait, _time).Wait();
        }
        else if (-wait > TimeSpan.FromMilliseconds(200))
        {
            // We fell far behind (a stalled test machine): start the clock again instead of bursting to catch up.
            _nextDue = _time.GetTimestamp();
        }
    }

    public void Dispose() => _stream.Dispose();
}

using System.Buffers;
using System.Threading.Channels;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Core.Pacing;

/// <summary>
/// Paces a source that produces audio faster than real time (a WAV file, a tone generator, a gRPC upload) into the
/// switchboard at one 20 ms frame per tick of a <see cref="PeriodicTimer"/> on the injected <see cref="TimeProvider"/>.
/// Writers are held back by a small bounded buffer (<see cref="WriteAsync"/> waits when it is full), so a whole file is
/// never read ahead into memory. When the buffer runs dry the clock stops, and it restarts with the next frame, so a
/// slow producer does not cause a burst afterwards.
/// </summary>
public sealed class PacedFrameSource : IAsyncDisposable
{
    private readonly ISwitchboard _switchboard;
    private readonly TimeProvider _time;
    private readonly Channel<PendingFrame> _frames;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private long _sent;

    public PacedFrameSource(ISwitchboard switchboard, EndpointId source, TalkGroupId group, TimeProvider time, int bufferFrames = 10)
    {
        ArgumentNullException.ThrowIfNull(switchboard);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferFrames, 1);
        _switchboard = switchboard;
        _time = time;
        Source = source;
        Group = group;
        _frames = Channel.CreateBounded<PendingFrame>(new BoundedChannelOptions(bufferFrames) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _run = Task.Run(RunAsync);
    }

    public EndpointId Source { get; }

    public TalkGroupId Group { get; }

    /// <summary>Frames submitted to the switchboard so far.</summary>
    public long FramesSent => Interlocked.Read(ref _sent);

    /// <summary>Completes when every written frame has been submitted after <see cref="Complete"/> (or on disposal).</summary>
    public Task Completion => _run;

    /// <summary>
    /// Queues one frame of 48 kHz mono audio (up to <see cref="AudioFormat.FrameSamples"/> samples; a shorter last
    /// frame is padded with silence). Waits while the buffer is full.
    /// </summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<float> frame, FrameFlags flags = FrameFlags.None, CancellationToken cancellationToken = default)
    {
        var pending = Rent(frame.Span, flags);
        try
        {
            await _frames.Writer.WriteAsync(pending, cancellationToken);
        }
        catch
        {
            ArrayPool<float>.Shared.Return(pending.Samples);
            throw;
        }
    }

    /// <summary>No more frames: the source finishes after the buffer has played out.</summary>
    public void Complete() => _frames.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        _frames.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }

        while (_frames.Reader.TryRead(out var left))
        {
            ArrayPool<float>.Shared.Return(left.Samples);
        }

        _stop.Dispose();
    }

    private static PendingFrame Rent(ReadOnlySpan<float> frame, FrameFlags flags)
    {
        if (frame.Length > AudioFormat.FrameSamples)
        {
            throw new ArgumentException($"A frame holds at most {AudioFormat.FrameSamples} samples, got {frame.Length}.", nameof(frame));
        }

        var samples = ArrayPool<float>.Shared.Rent(AudioFormat.FrameSamples);
        frame.CopyTo(samples);
        samples.AsSpan(frame.Length, AudioFormat.FrameSamples - frame.Length).Clear();
        return new PendingFrame(samples, flags);
    }

    private async Task RunAsync()
    {
        var reader = _frames.Reader;
        var token = _stop.Token;
        while (await reader.WaitToReadAsync(token))
        {
            // Data again: the first frame goes now, each next one on the following tick.
            using var timer = new PeriodicTimer(AudioFormat.FrameDuration, _time);
            while (reader.TryRead(out var pending))
            {
                try
                {
                    _switchboard.SubmitFrame(Source, Group, pending.Samples.AsSpan(0, AudioFormat.FrameSamples), default, CodecProfile.Pcm48k, pending.Flags);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(pending.Samples);
                }

                Interlocked.Increment(ref _sent);
                if (!await timer.WaitForNextTickAsync(token))
                {
                    return;
                }
            }
        }
    }

    private readonly record struct PendingFrame(float[] Samples, FrameFlags Flags);
}

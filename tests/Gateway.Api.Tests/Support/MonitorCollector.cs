using Gateway.Api.V1;
using Grpc.Core;

namespace Gateway.Api.Tests.Support;

/// <summary>Reads a Monitor stream in the background and lets a test wait for a condition on what arrived.</summary>
public sealed class MonitorCollector
{
    private readonly object _gate = new();
    private readonly List<MonitorAudio> _frames = [];
    private readonly List<Event> _events = [];
    private readonly SemaphoreSlim _changed = new(0);
    private Task _reader = Task.CompletedTask;

    public static MonitorCollector Start(AsyncServerStreamingCall<MonitorResponse> call, CancellationToken ct)
    {
        var collector = new MonitorCollector();
        collector._reader = collector.ReadAsync(call, ct);
        return collector;
    }

    public async Task<Snapshot> UntilAsync(Func<Snapshot, bool> condition, CancellationToken ct)
    {
        while (true)
        {
            var snapshot = Take();
            if (condition(snapshot))
            {
                return snapshot;
            }

            if (_reader.IsCompleted)
            {
                await _reader; // surfaces the stream's error
                throw new InvalidOperationException("The Monitor stream ended before the condition was met.");
            }

            await _changed.WaitAsync(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    public Task<Snapshot> UntilEndOfTransmissionAsync(CancellationToken ct) => UntilAsync(s => s.Frames.Any(f => f.EndOfTransmission), ct);

    private Snapshot Take()
    {
        lock (_gate)
        {
            return new Snapshot([.. _frames], [.. _events]);
        }
    }

    private async Task ReadAsync(AsyncServerStreamingCall<MonitorResponse> call, CancellationToken ct)
    {
        while (await call.ResponseStream.MoveNext(ct))
        {
            var message = call.ResponseStream.Current;
            lock (_gate)
            {
                if (message.Audio is { } audio)
                {
                    _frames.Add(audio);
                }
                else if (message.Event is { } e)
                {
                    _events.Add(e);
                }
            }

            _changed.Release();
        }
    }

    public sealed record Snapshot(IReadOnlyList<MonitorAudio> Frames, IReadOnlyList<Event> Events)
    {
        /// <summary>The PCM16 audio of the frames up to the first end of transmission.</summary>
        public short[] Samples
        {
            get
            {
                var all = new List<short>();
                foreach (var frame in Frames)
                {
                    all.AddRange(Wav.FromBytes(frame.Data.Span));
                    if (frame.EndOfTransmission)
                    {
                        break;
                    }
                }

                return [.. all];
            }
        }
    }
}

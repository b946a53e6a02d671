using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Audio.Resampling;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Serial.Audio;

/// <summary>
/// Moves audio between the sound device and a <see cref="RadioEndpoint"/>: one thread captures device periods, converts
/// to float, resamples to 48 kHz and hands 20 ms frames to the endpoint; one thread takes frames the endpoint releases
/// for transmission, resamples to the device rate and plays them (the device's blocking write paces it). A failing
/// device is reopened with backoff; a playback failure first makes the endpoint release PTT.
/// </summary>
public sealed partial class RadioAudioPump : IDisposable
{
    private readonly RadioEndpoint _endpoint;
    private readonly Func<AudioDirection, IAudioDevice> _open;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];

    public RadioAudioPump(RadioEndpoint endpoint, Func<AudioDirection, IAudioDevice> open, TimeProvider time, ILogger<RadioAudioPump> logger)
    {
        _endpoint = endpoint;
        _open = open;
        _time = time;
        _logger = logger;
    }

    public long CapturedFrames { get; private set; }

    public long PlayedFrames { get; private set; }

    public void Start()
    {
        foreach (var (name, body) in new (string, Action)[] { ("capture", CaptureLoop), ("playback", PlaybackLoop) })
        {
            var thread = new Thread(() => RunWithReopen(name, body)) { IsBackground = true, Name = $"radio {name} {_endpoint.Id}" };
            _threads.Add(thread);
            thread.Start();
        }
    }

    private void RunWithReopen(string name, Action body)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                body();
                return;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (name == "playback")
                {
                    _endpoint.ReportAudioFault(ex);
                }

                Log.DeviceFailed(_logger, ex, _endpoint.Id.Value, name, backoff.TotalMilliseconds);
                try
                {
                    Task.Delay(backoff, _time, _stop.Token).Wait(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private void CaptureLoop()
    {
        using var device = _open(AudioDirection.Capture);
        using var resampler = device.SampleRate == AudioFormat.SampleRate ? null : new AudioResampler(device.SampleRate, AudioFormat.SampleRate);
        var period = new short[device.PeriodSamples];
        var periodFloat = new float[device.PeriodSamples];
        var resampled = new float[resampler?.MaxOutputSamples(device.PeriodSamples) ?? device.PeriodSamples];
        var frame = new float[AudioFormat.FrameSamples];
        var fill = 0;
        while (!_stop.IsCancellationRequested)
        {
            var n = device.Read(period);
            PcmConversion.ToFloat(period.AsSpan(0, n), periodFloat);
            var samples = resampler is null ? periodFloat.AsSpan(0, n) : resampled.AsSpan(0, resampler.Process(periodFloat.AsSpan(0, n), resampled));
            while (!samples.IsEmpty)
            {
                var take = Math.Min(samples.Length, frame.Length - fill);
                samples[..take].CopyTo(frame.AsSpan(fill));
                fill += take;
                samples = samples[take..];
                if (fill == frame.Length)
                {
                    _endpoint.OnCapturedFrame(frame);
                    CapturedFrames++;
                    fill = 0;
                }
            }
        }
    }

    private void PlaybackLoop()
    {
        using var device = _open(AudioDirection.Playback);
        using var resampler = device.SampleRate == AudioFormat.SampleRate ? null : new AudioResampler(AudioFormat.SampleRate, device.SampleRate);
        var frame = new float[AudioFormat.FrameSamples];
        var resampled = new float[resampler?.MaxOutputSamples(AudioFormat.FrameSamples) ?? AudioFormat.FrameSamples];
        var pcm = new short[resampled.Length];
        while (!_stop.IsCancellationRequested)
        {
            _endpoint.WaitForPlayout(TimeSpan.FromMilliseconds(100), _stop.Token);
            while (_endpoint.TryTakePlayoutFrame(frame))
            {
                var n = resampler is null ? frame.Length : resampler.Process(frame, resampled);
                PcmConversion.ToInt16((resampler is null ? frame : resampled).AsSpan(0, n), pcm);
                device.Write(pcm.AsSpan(0, n));
                PlayedFrames++;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads)
        {
            // A device blocked in read/write returns within a period.
            thread.Join(TimeSpan.FromSeconds(2));
        }

        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8201, EventName = "RadioAudioDeviceFailed", Level = LogLevel.Error, Message = "Radio {EndpointId}: {Direction} audio device failed; reopening in {BackoffMs} ms")]
        public static partial void DeviceFailed(ILogger logger, Exception exception, string endpointId, string direction, double backoffMs);
    }
}

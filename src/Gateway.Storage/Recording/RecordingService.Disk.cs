using Gateway.Core.Events;
using Gateway.Core.Health;

namespace Gateway.Storage.Recording;

public sealed partial class RecordingService
{
    private void CheckDiskSpace()
    {
        var free = DiskSpaceGuard.FreeBytes(_options.Directory);
        var minimum = _options.MinFreeMegabytes * 1024 * 1024;
        var low = free >= 0 && free < minimum;
        if (low == _diskLow)
        {
            return;
        }

        _diskLow = low;
        if (low)
        {
            var reason = $"recording stopped: {free / (1024 * 1024)} MB free in '{_options.Directory}', below Gateway:Recording:MinFreeMegabytes={_options.MinFreeMegabytes}";
            LogDiskLow(_logger, reason);
            _health.Report(HealthComponent, HealthState.Degraded, reason);

            // Open files are completed by the worker: a marker event closes them in order.
            _queue.Writer.TryWrite(new RecorderItem(null, new DiskSpaceLow(_time.GetUtcNow())));
        }
        else
        {
            LogDiskOk(_logger, free / (1024 * 1024));
            _health.Report(HealthComponent, HealthState.Healthy, "recording resumed: disk space available");
        }
    }

    /// <summary>Internal marker: the guard tripped; the worker completes the open files.</summary>
    private sealed record DiskSpaceLow(DateTimeOffset Time) : GatewayEvent(Time);
}

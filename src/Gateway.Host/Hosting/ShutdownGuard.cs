using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Hosting;

/// <summary>
/// Bounds shutdown. The first SIGTERM / SIGINT (Ctrl-C) stops the host gracefully (the host's lifetime handles it:
/// floors are released, radios unkeyed, calls closed, logs flushed within <see cref="HostOptions.ShutdownTimeout"/>).
/// A second signal forces the exit at once (exit code 130 / 143); a stop still running when the budget is spent is
/// forced too (exit code 1), so the process is gone 5 s after the first signal even when a component hangs.
/// </summary>
internal sealed partial class ShutdownGuard(
    IHostApplicationLifetime lifetime,
    IOptions<HostOptions> hostOptions,
    TimeProvider time,
    ILogger<ShutdownGuard> logger) : IHostedService, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private CancellationTokenRegistration _stopping;
    private ITimer? _watchdog;
    private int _signals;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        _stopping = lifetime.ApplicationStopping.Register(StartWatchdog);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
        _watchdog?.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the runtime from terminating the process: the host stops it (first signal) or we exit ourselves (second).
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            LogStopping(logger, context.Signal);
            lifetime.StopApplication();
            return;
        }

        LogForced(logger, context.Signal);
        ForceExit(context.Signal == PosixSignal.SIGINT ? ExitCodes.ForcedByInterrupt : ExitCodes.ForcedByTerminate);
    }

    private void StartWatchdog()
    {
        var budget = hostOptions.Value.ShutdownTimeout;
        _watchdog = time.CreateTimer(
            _ =>
            {
                LogOverran(logger, budget);
                ForceExit(ExitCodes.Failure);
            },
            null,
            budget,
            Timeout.InfiniteTimeSpan);
    }

    private static void ForceExit(int exitCode)
    {
        Serilog.Log.CloseAndFlush();
        Environment.Exit(exitCode);
    }

    [LoggerMessage(EventId = 9101, EventName = "Stopping", Level = LogLevel.Information, Message = "{Signal} received: stopping (a second signal forces the exit)")]
    private static partial void LogStopping(ILogger logger, PosixSignal signal);

    [LoggerMessage(EventId = 9102, EventName = "ForcedExit", Level = LogLevel.Warning, Message = "Second {Signal}: forcing the exit now")]
    private static partial void LogForced(ILogger logger, PosixSignal signal);

    [LoggerMessage(EventId = 9103, EventName = "ShutdownOverran", Level = LogLevel.Error, Message = "Shutdown did not finish within {Budget}: forcing the exit")]
    private static partial void LogOverran(ILogger logger, TimeSpan budget);
}

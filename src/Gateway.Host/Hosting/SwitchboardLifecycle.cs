using Gateway.Core;
using Gateway.Core.Configuration;
using Gateway.Core.Units;
using Gateway.Host.Configuration;

namespace Gateway.Host.Hosting;

/// <summary>
/// Loads the configured talk groups, units and the units' terminals into the core before any component starts (StartingAsync runs ahead of
/// every StartAsync, so connectors can attach), and closes every floor as soon as shutdown begins (StoppingAsync runs
/// ahead of every StopAsync), while connectors can still unkey their radios and storage can still close call records.
/// </summary>
internal sealed partial class SwitchboardLifecycle(
    ISwitchboard switchboard,
    IUnitDirectory units,
    UnitEndpointBindings bindings,
    GatewayOptions options,
    ILogger<SwitchboardLifecycle> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Validated already (exit 2 otherwise); the core's mapping is the single definition of what the options mean.
        foreach (var group in options.TalkGroups)
        {
            switchboard.UpsertTalkGroup(group.ToSettings());
        }

        foreach (var unit in options.Units)
        {
            var settings = units.Upsert(unit.ToSettings()).Settings;
            foreach (var endpoint in unit.ToEndpointIds())
            {
                // Validated: each endpoint exists and belongs to this unit only (UnitTerminalPresence follows it from here).
                bindings.TryBind(endpoint, settings.Id, out _);
            }
        }

        LogLoaded(logger, options.TalkGroups.Count, options.Units.Count);
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        int transmissions = 0, calls = 0;
        var groups = switchboard.TalkGroups;
        foreach (var group in groups)
        {
            var status = switchboard.GetFloorStatus(group.Settings.Id);
            transmissions += status.Holder is null ? 0 : 1;
            calls += status.Call is null ? 0 : 1;
        }

        if (switchboard is IDisposable closable)
        {
            // The core's shutdown: every transmission ends with reason Shutdown (the talker is told, so its radio
            // unkeys; listeners get the end of transmission), queued requests expire and open calls end (CallEnded),
            // while connectors and storage still run. The container's later Dispose is a no-op.
            closable.Dispose();
        }
        else
        {
            foreach (var group in groups)
            {
                if (switchboard.GetFloorStatus(group.Settings.Id).Holder is { } holder)
                {
                    switchboard.ReleaseFloor(holder.Talker.Endpoint, group.Settings.Id);
                }
            }
        }

        LogClosed(logger, transmissions, calls, groups.Count);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9201, EventName = "TopologyLoaded", Level = LogLevel.Information, Message = "Loaded {TalkGroups} talk groups and {Units} units into the switchboard")]
    private static partial void LogLoaded(ILogger logger, int talkGroups, int units);

    [LoggerMessage(EventId = 9202, EventName = "FloorsClosed", Level = LogLevel.Information, Message = "Shutdown: ended {Transmissions} transmissions and {Calls} open calls in {TalkGroups} talk groups")]
    private static partial void LogClosed(ILogger logger, int transmissions, int calls, int talkGroups);
}

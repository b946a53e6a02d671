using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Session;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;
using Gateway.Core.Units;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Mumble.Tests.Support;

/// <summary>The real core services (switchboard, units, events, health, codecs) wired by hand for session-level tests.</summary>
internal sealed class SessionRig : IDisposable
{
    public static readonly TalkGroupId Group = new("tianhe-sports");

    public SessionRig(TimeProvider time, MumbleTransportTimings? timings = null)
    {
        Time = time;
        Metrics = new GatewayMetrics();
        Events = new EventBus(Metrics);
        Health = new HealthRegistry(Events, time);
        Codecs = new CodecFactory();
        Switchboard = new Switchboard(Codecs, Events, Metrics, time);
        Units = new UnitDirectory(Events, time);
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(LogProvider).SetMinimumLevel(LogLevel.Debug));
        Switchboard.UpsertTalkGroup(TalkGroupSettings.Default(Group) with { HangTime = TimeSpan.Zero });
        Services = new MumbleSessionServices(Switchboard, Units, Events, Health, Codecs, time, LoggerFactory, timings ?? MumbleTransportTimings.Default, Metrics);
    }

    public TimeProvider Time { get; }

    public GatewayMetrics Metrics { get; }

    public EventBus Events { get; }

    public HealthRegistry Health { get; }

    public CodecFactory Codecs { get; }

    public Switchboard Switchboard { get; }

    public UnitDirectory Units { get; }

    public CollectingLoggerProvider LogProvider { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public MumbleSessionServices Services { get; }

    public void Dispose()
    {
        Switchboard.Dispose();
        LoggerFactory.Dispose();
        Metrics.Dispose();
    }
}

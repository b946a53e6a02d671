using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Metrics;
using Gateway.Core.Units;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Mumble.Session;

/// <summary>The core services every channel session uses.</summary>
internal sealed record MumbleSessionServices(
    ISwitchboard Switchboard,
    IUnitDirectory Units,
    IEventBus Events,
    IHealthRegistry Health,
    ICodecFactory Codecs,
    TimeProvider Time,
    ILoggerFactory LoggerFactory,
    MumbleTransportTimings Timings,
    GatewayMetrics? Metrics = null,
    IFieldTextSignals? TextSignals = null);

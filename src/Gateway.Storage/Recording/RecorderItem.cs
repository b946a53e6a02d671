using Gateway.Core.Events;
using Gateway.Core.Media;

namespace Gateway.Storage.Recording;

/// <summary>One entry of the recorder's queue: a routed frame (the queue holds its reference) or an event, in arrival order.</summary>
internal readonly record struct RecorderItem(MediaPacket? Packet, GatewayEvent? Event);

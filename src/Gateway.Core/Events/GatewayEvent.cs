using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Core.Events;

/// <summary>
/// Something that happened in the gateway, with its time. Published on the <see cref="IEventBus"/>;
/// the API (Events.Subscribe), storage (call records, audit) and logs subscribe.
/// Events are control-plane: never one per audio frame.
/// </summary>
public abstract record GatewayEvent(DateTimeOffset Time)
{
    /// <summary>The talk group this event concerns, when it concerns one (for subscription filters).</summary>
    public virtual TalkGroupId? TalkGroup => null;
}

// ---- Floor and calls -------------------------------------------------------------------------

public sealed record FloorRequested(DateTimeOffset Time, TalkGroupId Group, Talker Talker, Priority Priority) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

public sealed record FloorGranted(DateTimeOffset Time, TalkGroupId Group, FloorGrant Grant) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

public sealed record FloorQueued(DateTimeOffset Time, TalkGroupId Group, Talker Talker, Priority Priority, int Position) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

public sealed record FloorDenied(DateTimeOffset Time, TalkGroupId Group, Talker Talker, Priority Priority, FloorHolder? Holder, string Reason) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

public sealed record FloorQueueExpired(DateTimeOffset Time, TalkGroupId Group, Talker Talker) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

/// <summary>A transmission ended for any reason other than a plain release (pre-empted, max transmit time, holder lost...).</summary>
public sealed record FloorRevoked(DateTimeOffset Time, TalkGroupId Group, FloorGrant Grant, TransmissionEndReason Reason) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

public sealed record FloorReleased(DateTimeOffset Time, TalkGroupId Group, FloorGrant Grant) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

public sealed record CallStarted(DateTimeOffset Time, TalkGroupId Group, CallId Call, Talker FirstTalker, Priority Priority) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

public sealed record CallEnded(DateTimeOffset Time, TalkGroupId Group, CallId Call, DateTimeOffset StartedAt, int Transmissions) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;

    public TimeSpan Duration => Time - StartedAt;
}

// ---- Topology -------------------------------------------------------------------------------

public sealed record TalkGroupChanged(DateTimeOffset Time, TalkGroupId Group, string Change) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

public sealed record PatchChanged(DateTimeOffset Time, PatchId Patch, IReadOnlyList<TalkGroupId> Groups, bool Active) : GatewayEvent(Time);

// ---- Endpoints, connectors, units -------------------------------------------------------------

public enum EndpointState
{
    Online,
    Degraded,
    Offline,
}

public sealed record EndpointStateChanged(DateTimeOffset Time, EndpointId Endpoint, EndpointState State, string Reason) : GatewayEvent(Time);

/// <summary>Signalling received from the field: DTMF digits (RFC 4733 or in-band), 5-tone ANI, or a text message.</summary>
public sealed record SignalReceived(DateTimeOffset Time, EndpointId Endpoint, TalkGroupId? Group, UnitId? Unit, SignalKind Kind, string Value) : GatewayEvent(Time)
{
    public override TalkGroupId? TalkGroup => Group;
}

public enum SignalKind
{
    Dtmf,
    SelCall,
    Text,
}

public sealed record UnitPresenceChanged(DateTimeOffset Time, UnitId Unit, EndpointId Endpoint, bool Online) : GatewayEvent(Time);

public sealed record UnitDutyChanged(DateTimeOffset Time, UnitId Unit, bool OnDuty, string? Location, string? Note, string Source) : GatewayEvent(Time);

public sealed record ConnectorHealthChanged(DateTimeOffset Time, string Component, Health.HealthState State, string Reason) : GatewayEvent(Time);

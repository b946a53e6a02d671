using Gateway.Core.Identity;

namespace Gateway.Core.Floor;

/// <summary>The floor's phase, as the API shows it.</summary>
public enum FloorPhase
{
    Idle,
    Taken,
    Hang,
}

/// <summary>A snapshot of a group's floor for the API (idle / taken / hang, holder, priority, since).</summary>
public sealed record FloorStatus(TalkGroupId TalkGroup, FloorPhase Phase, FloorHolder? Holder, CallId? Call, DateTimeOffset Since, int QueueLength);

using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>One stored transmission: one talker holding a group's floor, from grant to end.</summary>
public sealed record TransmissionRecord(
    CallId Call,
    long Number,
    TalkGroupId TalkGroup,
    EndpointId Endpoint,
    UnitId? Unit,
    string TalkerName,
    Priority Priority,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    TransmissionOutcome? EndReason)
{
    public TimeSpan? Duration => EndedAt - StartedAt;
}

using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>A stored call with its transmissions and, when the group recorded, its recording.</summary>
public sealed record CallRecord(
    CallId Id,
    TalkGroupId TalkGroup,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    CallOutcome? EndReason,
    Talker? FirstTalker,
    Priority Priority,
    int TransmissionCount,
    IReadOnlyList<TransmissionRecord> Transmissions,
    RecordingInfo? Recording)
{
    public bool IsOpen => EndedAt is null;
}

using Gateway.Core.Identity;

namespace Gateway.Core.TalkGroups;

/// <summary>A talk group's settings (from configuration or the API).</summary>
public sealed record TalkGroupSettings(
    TalkGroupId Id,
    string Name,
    TimeSpan HangTime,
    TimeSpan MaxTransmit,
    bool QueueRequests,
    TimeSpan QueueTimeout,
    bool Record)
{
    public static TalkGroupSettings Default(TalkGroupId id, string? name = null) =>
        new(id, name ?? id.Value, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60), QueueRequests: true, QueueTimeout: TimeSpan.FromSeconds(30), Record: false);
}

/// <summary>A talk group as the API shows it.</summary>
public sealed record TalkGroupInfo(TalkGroupSettings Settings, IReadOnlyList<EndpointId> Endpoints, IReadOnlyList<TalkGroupId> PatchedWith);

/// <summary>An active patch.</summary>
public sealed record PatchInfo(PatchId Id, IReadOnlyList<TalkGroupId> Groups, DateTimeOffset Since);

/// <summary>An endpoint as the API shows it.</summary>
public sealed record EndpointInfo(EndpointId Id, Media.EndpointKind Kind, IReadOnlyList<TalkGroupId> TalkGroups, Events.EndpointState State, string StateReason);

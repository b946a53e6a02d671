namespace Gateway.Storage.Repositories;

/// <summary>
/// One state-changing API call: who (the API key's name), what (<paramref name="Action"/>, e.g.
/// <c>TalkGroups.CreateTalkGroup</c>, and its <paramref name="Target"/>), when, and the result (<c>OK</c> or the status code
/// and message).
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string KeyName, string Action, string? Target, string? Detail, string Result)
{
    /// <summary>Storage id (0 before it is stored).</summary>
    public long Id { get; init; }
}

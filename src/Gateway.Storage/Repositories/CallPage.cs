namespace Gateway.Storage.Repositories;

/// <summary>One page of calls, newest first; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record CallPage(IReadOnlyList<CallRecord> Calls, string? NextPageToken);

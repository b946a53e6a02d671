using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>A filter for <see cref="ICallRepository.ListCallsAsync"/>: newest first, keyset paging.</summary>
/// <param name="TalkGroup">Only this group's calls.</param>
/// <param name="From">Calls started at or after this time.</param>
/// <param name="To">Calls started before this time.</param>
/// <param name="PageSize">1 to 1000.</param>
/// <param name="PageToken">The <see cref="CallPage.NextPageToken"/> of the previous page.</param>
public sealed record CallQuery(
    TalkGroupId? TalkGroup = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int PageSize = 50,
    string? PageToken = null);

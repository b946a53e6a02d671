using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>
/// Calls and their transmissions (written from floor/call events by the event writer through <see cref="IEventBatchStore"/>).
/// The query side for <c>Calls.ListCalls</c>.
/// </summary>
public interface ICallRepository
{
    /// <summary>Lists calls newest first. Throws <see cref="ArgumentException"/> naming the field for a bad page size or token.</summary>
    Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken = default);

    Task<CallRecord?> GetCallAsync(CallId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes calls and transmissions the previous process left open (crash or kill) with reason gateway restart, at
    /// their last known activity. Returns the number of calls closed.
    /// </summary>
    Task<int> CloseOpenCallsAsync(CancellationToken cancellationToken = default);
}

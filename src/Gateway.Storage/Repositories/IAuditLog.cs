namespace Gateway.Storage.Repositories;

/// <summary>The audit log of state-changing API calls. Appended synchronously (durable when the call returns): the API
/// writes one row per mutation, at human rate.</summary>
public interface IAuditLog
{
    /// <summary>Stores the entry and returns it with its id.</summary>
    Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Entries newest first, optionally from a time and for one key.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(DateTimeOffset? from = null, string? keyName = null, int limit = 100, CancellationToken cancellationToken = default);
}

namespace Gateway.Storage.Repositories;

/// <summary>Alerts with per-unit status and history, so the alert board survives a restart and timers can resume.</summary>
public interface IAlertRepository
{
    /// <summary>Creates or replaces the alert row and its unit rows in one transaction.</summary>
    Task SaveAsync(AlertRecord alert, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces one unit's status on an alert.</summary>
    Task SaveUnitStatusAsync(AlertUnitStatus status, CancellationToken cancellationToken = default);

    Task AppendHistoryAsync(AlertHistoryEntry entry, CancellationToken cancellationToken = default);

    Task<AlertRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AlertHistoryEntry>> GetHistoryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Alerts newest first; <paramref name="openOnly"/> returns those without an end (to resume after a restart).</summary>
    Task<IReadOnlyList<AlertRecord>> ListAsync(bool openOnly = false, DateTimeOffset? from = null, int limit = 100, CancellationToken cancellationToken = default);
}

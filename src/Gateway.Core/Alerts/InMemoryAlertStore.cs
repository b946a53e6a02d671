using System.Collections.Concurrent;

namespace Gateway.Core.Alerts;

/// <summary>Keeps alerts for the process lifetime only (no storage configured).</summary>
public sealed class InMemoryAlertStore : IAlertStore
{
    private readonly ConcurrentDictionary<string, AlertSnapshot> _alerts = new(StringComparer.Ordinal);

    public Task SaveAsync(AlertSnapshot alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _alerts[alert.Id] = alert;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AlertSnapshot>> LoadOpenAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertSnapshot>>(_alerts.Values.Where(a => a.IsOpen).ToList());
}

namespace Gateway.Core.Alerts;

/// <summary>
/// Where alerts are kept so the board survives a restart and open alerts resume their timers. The storage project
/// provides the SQLite one; <see cref="InMemoryAlertStore"/> is the default without storage.
/// </summary>
public interface IAlertStore
{
    Task SaveAsync(AlertSnapshot alert, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AlertSnapshot>> LoadOpenAsync(CancellationToken cancellationToken = default);
}

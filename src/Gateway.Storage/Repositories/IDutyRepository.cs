using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>
/// The on-duty register (written from <see cref="Core.Events.UnitDutyChanged"/> events). History is kept: the current
/// state of a unit is its latest registration.
/// </summary>
public interface IDutyRepository
{
    /// <summary>Registrations newest first, optionally for one unit and from a time.</summary>
    Task<IReadOnlyList<DutyRegistration>> ListAsync(UnitId? unit = null, DateTimeOffset? from = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>The latest registration of every unit that has one (to restore duty state at start).</summary>
    Task<IReadOnlyList<DutyRegistration>> LatestPerUnitAsync(CancellationToken cancellationToken = default);
}

using Gateway.Core.Events;
using Gateway.Core.Identity;

namespace Gateway.Core.Alerts;

// Status messages on the alert board: responding / on-scene times per unit (issue 11). Kept apart from the paging engine.
public sealed partial class AlertEngine
{
    /// <summary>An alert that completed (everyone acknowledged) still records arrivals for this long: units arrive after they acknowledge.</summary>
    public static readonly TimeSpan ArrivalWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// Records a <c>responding</c> / <c>on_scene</c> status on every alert involving the unit that is open, or that completed
    /// within <see cref="ArrivalWindow"/>. The first report of each kind counts; a status on an alert the unit has not acknowledged
    /// also acknowledges it (a unit on its way has evidently heard the page). Times are the engine's clock, like every other
    /// time on the board. Returns the alerts changed.
    /// </summary>
    public IReadOnlyList<string> RecordUnitStatus(UnitId unit, UnitAlertMilestone milestone, AckSource via)
    {
        var changed = new List<string>();
        lock (_gate)
        {
            var at = _time.GetUtcNow();
            foreach (var run in _alerts.Values.Where(a => a.Units.ContainsKey(unit) && Involves(a, at)).ToList())
            {
                if (run.Open && run.Units[unit].AcknowledgedAt is null)
                {
                    AcknowledgeLocked(run, unit, via);
                }

                var status = run.Units[unit];
                var next = milestone switch
                {
                    UnitAlertMilestone.OnScene when status.OnSceneAt is null => status with { OnSceneAt = at },
                    UnitAlertMilestone.Responding when status.RespondingAt is null => status with { RespondingAt = at },
                    _ => status,
                };
                if (next == status)
                {
                    continue;
                }

                run.Units[unit] = next;
                _events.Publish(new AlertUnitStatusRecorded(at, run.Id, unit, milestone));
                Persist(run);
                changed.Add(run.Id);
            }
        }

        return changed;
    }

    private static bool Involves(AlertRun run, DateTimeOffset at) =>
        run.Open || (run.State == AlertState.Completed && run.EndedAt is { } ended && at - ended <= ArrivalWindow);
}

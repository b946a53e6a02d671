using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Positions;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Alerts;

// Nearest-units alerts: resolution at broadcast time and the temporary talk group (dynamic regroup) they are played in,
// which lives exactly as long as the alert is open.
public sealed partial class AlertEngine
{
    private readonly IPositionRegistry? _positions;
    private readonly DynamicRegroup _regroup;

    /// <summary>The nearest units of the request's <see cref="AlertTargets.Nearest"/> target (null without one).</summary>
    private IReadOnlyList<(UnitId Unit, double DistanceMetres)>? ResolveNearest(AlertRequest request)
    {
        if (request.Targets.Nearest is not { } target)
        {
            return null;
        }

        if (!GeoPoint.IsValidLatitude(target.Point.Latitude))
        {
            throw new AlertValidationException("targets.nearest.latitude", "must be between -90 and 90 degrees");
        }

        if (!GeoPoint.IsValidLongitude(target.Point.Longitude))
        {
            throw new AlertValidationException("targets.nearest.longitude", "must be between -180 and 180 degrees");
        }

        if (!double.IsFinite(target.RadiusMetres) || target.RadiusMetres <= 0 || target.RadiusMetres > NearestUnitsTarget.MaxRadiusMetres)
        {
            throw new AlertValidationException("targets.nearest.radius_m", $"must be more than 0 and at most {NearestUnitsTarget.MaxRadiusMetres:F0} metres");
        }

        if (target.Count is < 1 or > NearestUnitsTarget.MaxCount)
        {
            throw new AlertValidationException("targets.nearest.count", $"must be between 1 and {NearestUnitsTarget.MaxCount}");
        }

        if (_positions is null)
        {
            throw new AlertValidationException("targets.nearest", "unit positions are not kept by this gateway (no position registry is configured)", failedPrecondition: true);
        }

        var resolved = NearestUnitsResolver.Resolve(_units.Units, _positions.Find, target);
        if (resolved.Count == 0)
        {
            throw new AlertValidationException(
                "targets.nearest",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no on-duty unit with a current position (taken within the last {_positions.StaleAfter.TotalSeconds:F0} s) is within {target.RadiusMetres:F0} m of {target.Point}"),
                failedPrecondition: true);
        }

        return resolved;
    }

    /// <summary>Creates the alert's temporary group; its units join the targeted units and the group the play groups.</summary>
    private AlertRegroup? CreateRegroup(string alertId, IReadOnlyList<(UnitId Unit, double DistanceMetres)>? nearest, List<UnitId> units, List<TalkGroupId> playGroups)
    {
        if (nearest is null)
        {
            return null;
        }

        var regroup = _regroup.Create(alertId, nearest);
        foreach (var unit in regroup.Units)
        {
            if (!units.Contains(unit.Unit))
            {
                units.Add(unit.Unit);
            }
        }

        playGroups.Add(regroup.Group);
        LogRegroupCreated(_logger, alertId, regroup.Group, regroup.Units.Count, regroup.Units.Sum(u => u.Endpoints.Count));
        return regroup;
    }

    /// <summary>After a restart an open nearest-units alert gets its group back (terminals rejoin as they come online).</summary>
    private void RestoreRegroup(AlertSnapshot snapshot, List<TalkGroupId> groups)
    {
        if (snapshot.Regroup is not { } regroup || !snapshot.IsOpen)
        {
            return;
        }

        _regroup.Create(snapshot.Id, regroup.Units.Select(u => (u.Unit, u.DistanceMetres)));
        groups.Add(regroup.Group);
    }

    /// <summary>The alert ended (completed, expired or cancelled): its temporary group goes, its members stay in their own groups.</summary>
    private void DissolveRegroup(AlertRun run)
    {
        if (run.Regroup is { } regroup && _regroup.Dissolve(regroup.Group))
        {
            LogRegroupDissolved(_logger, run.Id, regroup.Group, run.State);
        }
    }

    /// <summary>Temporary groups no open alert owns (e.g. the alert ended while the gateway was down) are removed at start.</summary>
    private void RemoveLeftoverRegroups()
    {
        List<TalkGroupId> live;
        lock (_gate)
        {
            live = [.. _alerts.Values.Where(a => a.Open && a.Regroup is not null).Select(a => a.Regroup!.Group)];
        }

        foreach (var group in _regroup.Leftovers(live))
        {
            if (_regroup.Dissolve(group))
            {
                LogRegroupLeftover(_logger, group);
            }
        }
    }

    /// <summary>A unit's own groups, except that a unit of an open regroup is reached through the alert's temporary group.</summary>
    private IReadOnlyList<TalkGroupId> OwnGroups(AlertRun run, UnitId unit) =>
        run.Regroup is { } regroup && run.Groups.Contains(regroup.Group) && regroup.Units.Any(u => u.Unit == unit)
            ? [regroup.Group]
            : _units.Find(unit)?.Settings.TalkGroups ?? [];

    /// <summary>A regrouped unit's terminal came (back) online while its alert is open: it joins the temporary group.</summary>
    private void OnUnitOnline(UnitPresenceChanged presence)
    {
        List<TalkGroupId> groups;
        lock (_gate)
        {
            groups = [.. _alerts.Values
                .Where(a => a.Open && a.Regroup is { } r && r.Units.Any(u => u.Unit == presence.Unit))
                .Select(a => a.Regroup!.Group)];
        }

        foreach (var group in groups)
        {
            try
            {
                _switchboard.AttachRegistered(presence.Endpoint, group);
            }
            catch (KeyNotFoundException)
            {
                // The alert ended (and its group went) meanwhile.
            }
        }
    }

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Alert {AlertId}: temporary group {TalkGroupId} created for {Units} nearest units ({Endpoints} endpoints)")]
    private static partial void LogRegroupCreated(ILogger logger, string alertId, TalkGroupId talkGroupId, int units, int endpoints);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Alert {AlertId} ended ({State}): temporary group {TalkGroupId} dissolved")]
    private static partial void LogRegroupDissolved(ILogger logger, string alertId, TalkGroupId talkGroupId, AlertState state);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Leftover temporary group {TalkGroupId} removed (no open alert owns it)")]
    private static partial void LogRegroupLeftover(ILogger logger, TalkGroupId talkGroupId);
}

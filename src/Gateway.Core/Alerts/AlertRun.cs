using Gateway.Core.Identity;

namespace Gateway.Core.Alerts;

/// <summary>The engine's mutable state of one alert; every access holds the engine's lock.</summary>
internal sealed class AlertRun
{
    public AlertRun(AlertSnapshot snapshot, IReadOnlyList<TalkGroupId> groups)
    {
        Id = snapshot.Id;
        Request = snapshot.Request;
        State = snapshot.State;
        CreatedAt = snapshot.CreatedAt;
        ArmedAt = snapshot.ArmedAt;
        EndedAt = snapshot.EndedAt;
        CreatedBy = snapshot.CreatedBy;
        EscalationStep = snapshot.EscalationStep;
        EndReason = snapshot.EndReason;
        Regroup = snapshot.Regroup;
        Groups = groups;
        foreach (var unit in snapshot.Units)
        {
            Units.Add(unit.Unit, unit);
            Order.Add(unit.Unit);
        }
    }

    public string Id { get; }

    public AlertRequest Request { get; }

    public AlertState State { get; set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? ArmedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? CreatedBy { get; }

    public int EscalationStep { get; set; }

    public string? EndReason { get; set; }

    /// <summary>The groups the alert is played in (target groups and the targeted units' groups).</summary>
    public IReadOnlyList<TalkGroupId> Groups { get; }

    /// <summary>The nearest-units regroup (its group is in <see cref="Groups"/> while the alert is open).</summary>
    public AlertRegroup? Regroup { get; }

    public Dictionary<UnitId, UnitAlertStatus> Units { get; } = [];

    public List<UnitId> Order { get; } = [];

    public ITimer? Timer { get; set; }

    public CancellationTokenSource Stop { get; } = new();

    public bool Open => State is AlertState.Pending or AlertState.Playing or AlertState.AwaitingAck or AlertState.Escalated;

    public bool AnyOutstanding => Units.Values.Any(u => u.Outstanding);

    public void AddUnit(UnitId unit, DateTimeOffset? notifiedAt)
    {
        if (Units.TryAdd(unit, new UnitAlertStatus(unit, notifiedAt, null, null, null, 0)))
        {
            Order.Add(unit);
        }
    }

    public AlertSnapshot Snapshot() =>
        new(Id, State, Request, CreatedAt, ArmedAt, EndedAt, CreatedBy, Order.Select(u => Units[u]).ToList(), EscalationStep, EndReason, Regroup);
}

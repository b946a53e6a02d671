using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Core.Alerts;
using Gateway.Core.Identity;
using Gateway.Storage.Repositories;

namespace Gateway.Storage.Alerts;

/// <summary>
/// Keeps the alert engine's alerts in the SQLite alert tables: the board columns (state, per-unit notified / acknowledged /
/// checked-out times) for operators and reports, and the whole request plus the engine's resume state (armed time, escalation
/// step, duplicate counts, the nearest-units resolution) as JSON in <c>request_json</c>, so an open alert resumes its timers after a restart.
/// </summary>
public sealed class StorageAlertStore : IAlertStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly IAlertRepository _repository;
    private readonly TimeProvider _time;

    public StorageAlertStore(IAlertRepository repository, TimeProvider time)
    {
        _repository = repository;
        _time = time;
    }

    public Task SaveAsync(AlertSnapshot alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var resume = new ResumeState(alert.Request, alert.ArmedAt, alert.EscalationStep, alert.EndReason, alert.Units.ToDictionary(u => u.Unit.Value, u => u.DuplicateAcks, StringComparer.Ordinal), alert.Regroup);
        var record = new AlertRecord(
            alert.Id,
            StateName(alert.State),
            alert.Request.Priority,
            alert.CreatedAt,
            _time.GetUtcNow(),
            alert.CreatedBy,
            alert.Request.Text,
            alert.Request.AckRequired,
            alert.Request.AckDeadline,
            JsonSerializer.Serialize(resume, Json),
            alert.IsOpen ? null : alert.EndedAt ?? alert.CreatedAt,
            alert.Units.Select(u => new AlertUnitStatus(
                alert.Id,
                u.Unit,
                u.AcknowledgedAt is not null ? "acknowledged" : u.CheckedOutAt is not null ? "checked_out" : u.NotifiedAt is not null ? "notified" : "pending",
                u.NotifiedAt,
                u.AcknowledgedAt,
                u.Via is { } via ? ViaName(via) : null,
                null,
                null,
                u.CheckedOutAt)).ToList());
        return _repository.SaveAsync(record, cancellationToken);
    }

    public async Task<IReadOnlyList<AlertSnapshot>> LoadOpenAsync(CancellationToken cancellationToken = default)
    {
        var records = await _repository.ListAsync(openOnly: true, limit: 10_000, cancellationToken: cancellationToken).ConfigureAwait(false);
        return records.Select(ToSnapshot).ToList();
    }

    /// <summary>Reads one stored alert back (for reports and tests); null when unknown.</summary>
    public async Task<AlertSnapshot?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _repository.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } record ? ToSnapshot(record) : null;

    private static AlertSnapshot ToSnapshot(AlertRecord record)
    {
        var resume = JsonSerializer.Deserialize<ResumeState>(record.RequestJson, Json)
            ?? throw new InvalidDataException($"alert '{record.Id}': request_json is empty");
        var units = record.Units.Select(u => new UnitAlertStatus(
            u.Unit,
            u.NotifiedAt,
            u.AcknowledgedAt,
            u.AckVia is null ? null : ParseVia(u.AckVia),
            u.CheckedOutAt,
            resume.DuplicateAcks.GetValueOrDefault(u.Unit.Value))).ToList();

        // Keep the board in the order the engine had it (the table returns units sorted by id).
        var order = resume.DuplicateAcks.Keys.ToList();
        units.Sort((a, b) => order.IndexOf(a.Unit.Value).CompareTo(order.IndexOf(b.Unit.Value)));
        return new AlertSnapshot(record.Id, ParseState(record.State), resume.Request, record.CreatedAt, resume.ArmedAt, record.EndedAt, record.CreatedBy, units, resume.EscalationStep, resume.EndReason, resume.Regroup);
    }

    public static string StateName(AlertState state) => state switch
    {
        AlertState.AwaitingAck => "awaiting_ack",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static AlertState ParseState(string name) => name == "awaiting_ack"
        ? AlertState.AwaitingAck
        : Enum.Parse<AlertState>(name, ignoreCase: true);

    private static string ViaName(AckSource via) => via switch
    {
        AckSource.Grpc => "grpc",
        AckSource.MumbleText => "mumble-text",
        AckSource.Dtmf => "dtmf",
        _ => "selcall",
    };

    private static AckSource ParseVia(string name) => name switch
    {
        "grpc" => AckSource.Grpc,
        "mumble-text" => AckSource.MumbleText,
        "dtmf" => AckSource.Dtmf,
        "selcall" => AckSource.SelCallAni,
        _ => throw new InvalidDataException($"unknown ack_via '{name}'"),
    };

    // Regroup: a nearest-units alert's resolution (units, distances, endpoints); absent in rows written before it existed.
    private sealed record ResumeState(AlertRequest Request, DateTimeOffset? ArmedAt, int EscalationStep, string? EndReason, Dictionary<string, int> DuplicateAcks, AlertRegroup? Regroup = null);
}

using Gateway.Core.Events;
using Gateway.Core.Identity;

namespace Gateway.Core.Units;

/// <summary>
/// The live unit table: settings from configuration or the API, duty state from check-in/out, presence from connectors.
/// Identities are indexed per network so connectors resolve a talker in one lookup; an identity may belong to one
/// unit only (a clash is a configuration error, reported naming both units).
/// </summary>
public sealed class UnitDirectory : IUnitDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UnitId, UnitInfo> _units = [];
    private readonly Dictionary<string, UnitId> _mumbleUsers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UnitId> _selCalls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnitId> _dtmfIds = new(StringComparer.Ordinal);
    private readonly IEventBus _events;
    private readonly TimeProvider _time;

    public UnitDirectory(IEventBus events, TimeProvider time)
    {
        _events = events;
        _time = time;
    }

    public IReadOnlyList<UnitInfo> Units
    {
        get
        {
            lock (_gate)
            {
                return [.. _units.Values.OrderBy(u => u.Settings.Id.Value, StringComparer.Ordinal)];
            }
        }
    }

    public UnitInfo? Find(UnitId id)
    {
        lock (_gate)
        {
            return _units.GetValueOrDefault(id);
        }
    }

    public UnitInfo? FindByIdentity(UnitIdentityKind kind, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        lock (_gate)
        {
            return IndexOf(kind).TryGetValue(value.Trim(), out var id) ? _units.GetValueOrDefault(id) : null;
        }
    }

    public UnitInfo Upsert(UnitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Id.Value))
        {
            throw new ArgumentException("Unit Id must not be empty.", nameof(settings));
        }

        lock (_gate)
        {
            CheckIdentityFree(UnitIdentityKind.MumbleUser, settings.MumbleUser, settings.Id);
            CheckIdentityFree(UnitIdentityKind.SelCall, settings.SelCall, settings.Id);
            CheckIdentityFree(UnitIdentityKind.DtmfId, settings.DtmfId, settings.Id);
            if (_units.TryGetValue(settings.Id, out var existing))
            {
                Unindex(existing.Settings);
            }

            var info = existing is null
                ? new UnitInfo(settings, OnDuty: false, DutySince: null, Location: null, Note: null, LastSeen: null, OnlineEndpoints: [])
                : existing with { Settings = settings };
            _units[settings.Id] = info;
            Index(settings);
            return info;
        }
    }

    public UnitInfo? CheckIn(UnitId id, string? location, string? note, string source)
    {
        lock (_gate)
        {
            if (!_units.TryGetValue(id, out var unit))
            {
                return null;
            }

            var now = _time.GetUtcNow();

            // A repeated check-in updates location and note; the duty period keeps its start.
            unit = unit with { OnDuty = true, DutySince = unit.OnDuty ? unit.DutySince : now, Location = location, Note = note };
            _units[id] = unit;
            _events.Publish(new UnitDutyChanged(now, id, true, location, note, source));
            return unit;
        }
    }

    public UnitInfo? CheckOut(UnitId id, string? note, string source)
    {
        lock (_gate)
        {
            if (!_units.TryGetValue(id, out var unit))
            {
                return null;
            }

            unit = unit with { OnDuty = false, DutySince = null, Note = note };
            _units[id] = unit;
            _events.Publish(new UnitDutyChanged(_time.GetUtcNow(), id, false, unit.Location, note, source));
            return unit;
        }
    }

    public void ReportPresence(UnitId id, EndpointId endpoint, bool online)
    {
        lock (_gate)
        {
            if (!_units.TryGetValue(id, out var unit))
            {
                return;
            }

            var now = _time.GetUtcNow();
            var present = unit.OnlineEndpoints.Contains(endpoint);
            IReadOnlyList<EndpointId> endpoints = online switch
            {
                true when !present => [.. unit.OnlineEndpoints, endpoint],
                false when present => [.. unit.OnlineEndpoints.Where(e => e != endpoint)],
                _ => unit.OnlineEndpoints,
            };
            _units[id] = unit with { LastSeen = now, OnlineEndpoints = endpoints };
            if (online != present)
            {
                _events.Publish(new UnitPresenceChanged(now, id, endpoint, online));
            }
        }
    }

    private Dictionary<string, UnitId> IndexOf(UnitIdentityKind kind) => kind switch
    {
        UnitIdentityKind.MumbleUser => _mumbleUsers,
        UnitIdentityKind.SelCall => _selCalls,
        UnitIdentityKind.DtmfId => _dtmfIds,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown identity kind."),
    };

    private void CheckIdentityFree(UnitIdentityKind kind, string? value, UnitId owner)
    {
        if (!string.IsNullOrWhiteSpace(value) && IndexOf(kind).TryGetValue(value.Trim(), out var other) && other != owner)
        {
            throw new InvalidOperationException($"{kind} '{value}' of unit '{owner}' already belongs to unit '{other}'.");
        }
    }

    private void Index(UnitSettings settings)
    {
        Add(_mumbleUsers, settings.MumbleUser, settings.Id);
        Add(_selCalls, settings.SelCall, settings.Id);
        Add(_dtmfIds, settings.DtmfId, settings.Id);

        static void Add(Dictionary<string, UnitId> index, string? value, UnitId id)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                index[value.Trim()] = id;
            }
        }
    }

    private void Unindex(UnitSettings settings)
    {
        Remove(_mumbleUsers, settings.MumbleUser);
        Remove(_selCalls, settings.SelCall);
        Remove(_dtmfIds, settings.DtmfId);

        static void Remove(Dictionary<string, UnitId> index, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                index.Remove(value.Trim());
            }
        }
    }
}

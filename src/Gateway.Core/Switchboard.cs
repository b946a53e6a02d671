using Gateway.Audio.Codecs;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using Gateway.Core.Routing;
using Gateway.Core.TalkGroups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core;

/// <summary>
/// The core facade. Control operations (groups, membership, patches, presence) run under one control lock and end by
/// publishing a new immutable <see cref="RoutingTable"/>; the frame path reads that snapshot without locks. Floor
/// requests go straight to the group's <see cref="FloorArbiter"/>, which has its own lock.
/// </summary>
public sealed partial class Switchboard : ISwitchboard, IFloorObserver, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TalkGroupId, GroupState> _groups = [];
    private readonly Dictionary<EndpointId, EndpointState> _endpoints = [];
    private readonly Dictionary<PatchId, PatchState> _patches = [];
    private readonly IEventBus _events;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MediaRouter _router;
    private readonly IFloorPriorityPolicy? _priorityPolicy;
    private volatile RoutingTable _table = RoutingTable.Empty;

    public Switchboard(
        ICodecFactory codecs,
        IEventBus events,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<Switchboard>? logger = null,
        MediaPacketPool? pool = null,
        IFloorPriorityPolicy? priorityPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        _priorityPolicy = priorityPolicy;
        _events = events;
        _metrics = metrics;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _router = new MediaRouter(codecs, pool ?? MediaPacketPool.Shared, metrics, time);
    }

    // ---- Talk groups ---------------------------------------------------------------------------

    public IReadOnlyList<TalkGroupInfo> TalkGroups
    {
        get
        {
            lock (_gate)
            {
                return [.. _groups.Values.Select(InfoLocked)];
            }
        }
    }

    public TalkGroupInfo? FindTalkGroup(TalkGroupId id)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(id, out var group) ? InfoLocked(group) : null;
        }
    }

    public TalkGroupInfo UpsertTalkGroup(TalkGroupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Id.Value))
        {
            throw new ArgumentException("Talk group Id must not be empty.", nameof(settings));
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_groups.TryGetValue(settings.Id, out var group))
            {
                group.Settings = settings;
                if (group.Patch is null || _patches[group.Patch.Value].Owner == settings.Id)
                {
                    group.Domain.Arbiter.Settings = settings;
                }

                _events.Publish(new TalkGroupChanged(now, settings.Id, "updated"));
                LogGroupUpdated(_logger, settings.Id);
            }
            else
            {
                group = new GroupState(settings, CreateDomain(settings));
                _groups.Add(settings.Id, group);
                RebuildLocked();
                _events.Publish(new TalkGroupChanged(now, settings.Id, "created"));
                LogGroupCreated(_logger, settings.Id, settings.Name);
            }

            return InfoLocked(group);
        }
    }

    public bool RemoveTalkGroup(TalkGroupId id)
    {
        PatchId? patch;
        lock (_gate)
        {
            if (!_groups.TryGetValue(id, out var group))
            {
                return false;
            }

            patch = group.Patch;
        }

        // A removed group first leaves its patch, so the remaining groups get their own floors back.
        if (patch is { } p)
        {
            Unpatch(p);
        }

        // Close first, while the table still names the members: the talker hears "revoked: group removed" and the
        // listeners get the end of transmission. A closed floor denies every later request.
        FloorDomain domain;
        lock (_gate)
        {
            if (!_groups.TryGetValue(id, out var group))
            {
                return false;
            }

            domain = group.Domain;
        }

        domain.Arbiter.Close(TransmissionEndReason.GroupRemoved);
        lock (_gate)
        {
            if (!_groups.Remove(id, out var group))
            {
                return false;
            }

            foreach (var member in group.Members)
            {
                if (_endpoints.TryGetValue(member, out var endpoint))
                {
                    endpoint.Groups.Remove(id);
                    if (endpoint.Groups.Count == 0)
                    {
                        _endpoints.Remove(member);
                    }
                }
            }

            RebuildLocked();
            _events.Publish(new TalkGroupChanged(_time.GetUtcNow(), id, "removed"));
            LogGroupRemoved(_logger, id);
        }

        domain.Dispose();
        return true;
    }

    public PatchId Patch(IReadOnlyList<TalkGroupId> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var distinct = groups.Distinct().ToArray();
        if (distinct.Length < 2)
        {
            throw new ArgumentException("A patch links at least two distinct talk groups.", nameof(groups));
        }

        var id = PatchId.New();
        var closed = new List<FloorDomain>();
        lock (_gate)
        {
            foreach (var g in distinct)
            {
                if (!_groups.TryGetValue(g, out var state))
                {
                    throw new KeyNotFoundException($"Unknown talk group '{g}'.");
                }

                if (state.Patch is { } existing)
                {
                    throw new InvalidOperationException($"Talk group '{g}' is already in patch '{existing}'.");
                }
            }

            // The floor of the patch is the busiest member's (highest-priority holder; else the first group's), so a
            // transmission in progress carries on across the patch. Other members' floors close: one talker per patch.
            var owner = distinct
                .Select(g => _groups[g])
                .OrderByDescending(g => g.Domain.Arbiter.CurrentGrant is { } grant ? (int)grant.Priority + 1 : 0)
                .First();
            var shared = owner.Domain;
            foreach (var g in distinct)
            {
                var state = _groups[g];
                if (!ReferenceEquals(state.Domain, shared))
                {
                    closed.Add(state.Domain);
                    state.Domain = shared;
                }

                state.Patch = id;
            }

            shared.Arbiter.SetGroups(distinct);
            _patches.Add(id, new PatchState(id, distinct, _time.GetUtcNow(), owner.Settings.Id));
            RebuildLocked();
            _events.Publish(new PatchChanged(_time.GetUtcNow(), id, distinct, Active: true));
            LogPatched(_logger, id, string.Join(",", distinct));
        }

        foreach (var domain in closed)
        {
            domain.Arbiter.Close(TransmissionEndReason.PreEmpted);
            domain.Dispose();
        }

        return id;
    }

    public bool Unpatch(PatchId patch)
    {
        FloorDomain shared;
        TalkGroupId keep;
        lock (_gate)
        {
            if (!_patches.Remove(patch, out var state))
            {
                return false;
            }

            shared = _groups[state.Owner].Domain;

            // The shared floor stays with the group the current talker is in (so the talk carries on there);
            // the other groups get fresh, idle floors of their own.
            keep = shared.Arbiter.CurrentGrant is { } grant && state.Groups.Contains(grant.TalkGroup) ? grant.TalkGroup : state.Owner;
            foreach (var g in state.Groups)
            {
                var group = _groups[g];
                group.Patch = null;
                if (g != keep)
                {
                    group.Domain = CreateDomain(group.Settings);
                }
            }

            shared.Arbiter.Settings = _groups[keep].Settings;
            RebuildLocked();
            _events.Publish(new PatchChanged(_time.GetUtcNow(), patch, state.Groups, Active: false));
            LogUnpatched(_logger, patch);
        }

        // Requests queued from the groups that left expire; the talker's transmission carries on in its group.
        shared.Arbiter.Restrict([keep], TransmissionEndReason.PreEmpted);
        return true;
    }

    public IReadOnlyList<PatchInfo> Patches
    {
        get
        {
            lock (_gate)
            {
                return [.. _patches.Values.Select(p => new PatchInfo(p.Id, p.Groups, p.Since))];
            }
        }
    }

    public void Dispose()
    {
        // Close the floors first, while endpoints are still resolvable: talkers hear "revoked: shutdown" and
        // listeners get their end of transmission. Then forget everything.
        List<FloorDomain> domains;
        lock (_gate)
        {
            domains = [.. _groups.Values.Select(g => g.Domain).Distinct()];
        }

        foreach (var domain in domains)
        {
            domain.Arbiter.Close(TransmissionEndReason.Shutdown);
        }

        lock (_gate)
        {
            _groups.Clear();
            _endpoints.Clear();
            _patches.Clear();
            _table = RoutingTable.Empty;
        }

        foreach (var domain in domains)
        {
            domain.Dispose();
        }
    }
}

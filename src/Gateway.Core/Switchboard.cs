using System.Collections.Frozen;
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
    private volatile RoutingTable _table = RoutingTable.Empty;

    public Switchboard(
        ICodecFactory codecs,
        IEventBus events,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<Switchboard>? logger = null,
        MediaPacketPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(codecs);
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

            shared.Arbiter.Groups = distinct;
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

    // ---- Endpoints -----------------------------------------------------------------------------

    public void Attach(IVoiceEndpoint endpoint, TalkGroupId group)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out var groupState))
            {
                throw new KeyNotFoundException($"Unknown talk group '{group}'.");
            }

            var now = _time.GetUtcNow();
            if (!_endpoints.TryGetValue(endpoint.Id, out var state))
            {
                state = new EndpointState(endpoint);
                _endpoints.Add(endpoint.Id, state);
                _events.Publish(new EndpointStateChanged(now, endpoint.Id, Events.EndpointState.Online, "attached"));
            }
            else
            {
                state.Endpoint = endpoint; // A reconnecting connector may hand in a new instance with the same id.
            }

            if (!state.Groups.Contains(group))
            {
                state.Groups.Add(group);
                groupState.Members.Add(endpoint.Id);
                _events.Publish(new TalkGroupChanged(now, group, "endpoint attached: " + endpoint.Id));
                LogAttached(_logger, endpoint.Id, group);
            }

            RebuildLocked();
        }
    }

    public void Detach(EndpointId endpoint, TalkGroupId group)
    {
        FloorDomain? domain = null;
        lock (_gate)
        {
            if (!_endpoints.TryGetValue(endpoint, out var state) || !state.Groups.Remove(group))
            {
                return;
            }

            if (_groups.TryGetValue(group, out var groupState))
            {
                groupState.Members.Remove(endpoint);
                domain = groupState.Domain;

                // Still a member through another group of the same patch: it keeps its floor.
                if (state.Groups.Any(g => _groups.TryGetValue(g, out var other) && ReferenceEquals(other.Domain, domain)))
                {
                    domain = null;
                }
            }

            if (state.Groups.Count == 0)
            {
                _endpoints.Remove(endpoint);
            }

            RebuildLocked();
            _events.Publish(new TalkGroupChanged(_time.GetUtcNow(), group, "endpoint detached: " + endpoint));
            LogDetached(_logger, endpoint, group);
        }

        domain?.Arbiter.EndpointLost(endpoint);
    }

    public void SetEndpointOnline(EndpointId endpoint, bool online, string reason)
    {
        var lost = new List<FloorDomain>();
        lock (_gate)
        {
            if (!_endpoints.TryGetValue(endpoint, out var state))
            {
                return;
            }

            reason ??= string.Empty;
            var changed = state.Online != online;
            state.Online = online;
            state.Reason = reason;
            if (!changed)
            {
                return;
            }

            if (!online)
            {
                foreach (var g in state.Groups)
                {
                    if (_groups.TryGetValue(g, out var group) && !lost.Contains(group.Domain))
                    {
                        lost.Add(group.Domain);
                    }
                }
            }

            RebuildLocked();
            _events.Publish(new EndpointStateChanged(_time.GetUtcNow(), endpoint, online ? Events.EndpointState.Online : Events.EndpointState.Offline, reason));
            LogEndpointState(_logger, endpoint, online, reason);
        }

        foreach (var domain in lost)
        {
            domain.Arbiter.EndpointLost(endpoint);
        }
    }

    public IReadOnlyList<EndpointInfo> Endpoints
    {
        get
        {
            lock (_gate)
            {
                return [.. _endpoints.Values.Select(e => new EndpointInfo(
                    e.Endpoint.Id,
                    e.Endpoint.Kind,
                    [.. e.Groups],
                    e.Online ? Events.EndpointState.Online : Events.EndpointState.Offline,
                    e.Reason))];
            }
        }
    }

    // ---- Floor ---------------------------------------------------------------------------------

    public FloorOutcome RequestFloor(FloorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_table.Groups.TryGetValue(request.TalkGroup, out var domain))
        {
            _metrics.FloorDenials.Add(1);
            return new FloorOutcome(FloorOutcomeKind.Denied, Reason: $"unknown talk group '{request.TalkGroup}'");
        }

        lock (_gate)
        {
            if (_endpoints.TryGetValue(request.Talker.Endpoint, out var state) && !state.Online)
            {
                _metrics.FloorDenials.Add(1);
                return new FloorOutcome(FloorOutcomeKind.Denied, Reason: $"endpoint '{request.Talker.Endpoint}' is offline");
            }
        }

        return domain.Arbiter.Request(request);
    }

    public void ReleaseFloor(EndpointId endpoint, TalkGroupId group)
    {
        if (_table.Groups.TryGetValue(group, out var domain))
        {
            domain.Arbiter.Release(endpoint);
        }
    }

    public FloorStatus GetFloorStatus(TalkGroupId group) =>
        _table.Groups.TryGetValue(group, out var domain)
            ? domain.Arbiter.GetStatus(group)
            : throw new KeyNotFoundException($"Unknown talk group '{group}'.");

    // ---- Media ---------------------------------------------------------------------------------

    public void SubmitFrame(EndpointId source, TalkGroupId group, ReadOnlySpan<float> pcm48k, ReadOnlySpan<byte> payload, CodecProfile payloadProfile, FrameFlags flags)
    {
        var table = _table;
        if (!table.Groups.TryGetValue(group, out var domain))
        {
            _metrics.Drops.Add(1, UnknownGroupTag);
            return;
        }

        table.Endpoints.TryGetValue(source, out var sourceEndpoint);
        _router.Route(domain, source, sourceEndpoint, pcm48k, payload, payloadProfile, flags);
    }

    void IFloorObserver.OnTransmissionEnded(FloorArbiter arbiter, FloorGrant grant, TransmissionEndReason reason)
    {
        // The arbiter's domain is found through any group it spans; a removed group's domain is gone from the table,
        // so its closing arbiter hands us nothing to look up: fall back to the domain captured at creation.
        if (arbiter.Tag is FloorDomain domain)
        {
            _table.Endpoints.TryGetValue(grant.Talker.Endpoint, out var talker);
            _router.EndTransmission(domain, grant, talker);
        }
    }

    public void Dispose()
    {
        List<FloorDomain> domains;
        lock (_gate)
        {
            domains = [.. _groups.Values.Select(g => g.Domain).Distinct()];
            _groups.Clear();
            _endpoints.Clear();
            _patches.Clear();
            _table = RoutingTable.Empty;
        }

        foreach (var domain in domains)
        {
            domain.Arbiter.Close(TransmissionEndReason.Shutdown);
            domain.Dispose();
        }
    }

    private static readonly KeyValuePair<string, object?> UnknownGroupTag = DropReasons.AsTag(DropReasons.UnknownGroup);

    private FloorDomain CreateDomain(TalkGroupSettings settings)
    {
        var arbiter = new FloorArbiter(settings, _time, _events, _metrics, ResolveEndpoint, this);
        var domain = new FloorDomain(arbiter, new MediaDomain());
        arbiter.Tag = domain;
        return domain;
    }

    private IVoiceEndpoint? ResolveEndpoint(EndpointId id) => _table.Endpoints.GetValueOrDefault(id);

    private void RebuildLocked()
    {
        // Destinations per floor domain: the online endpoints of every group it spans, once each, bucketed by profile.
        var byDomain = new Dictionary<FloorDomain, List<IVoiceEndpoint>>();
        foreach (var group in _groups.Values)
        {
            if (!byDomain.TryGetValue(group.Domain, out var list))
            {
                list = [];
                byDomain.Add(group.Domain, list);
            }

            foreach (var member in group.Members)
            {
                if (_endpoints.TryGetValue(member, out var endpoint) && endpoint.Online && !list.Contains(endpoint.Endpoint))
                {
                    list.Add(endpoint.Endpoint);
                }
            }
        }

        foreach (var (domain, endpoints) in byDomain)
        {
            domain.Media.Destinations = [.. endpoints
                .GroupBy(e => e.EgressProfile)
                .Select(g => new ProfileBucket(g.Key, [.. g]))];
        }

        _table = new RoutingTable(
            _groups.ToFrozenDictionary(g => g.Key, g => g.Value.Domain),
            _endpoints.ToFrozenDictionary(e => e.Key, e => e.Value.Endpoint));
    }

    private TalkGroupInfo InfoLocked(GroupState group)
    {
        var patchedWith = group.Patch is { } p && _patches.TryGetValue(p, out var patch)
            ? patch.Groups.Where(g => g != group.Settings.Id).ToArray()
            : [];
        return new TalkGroupInfo(group.Settings, [.. group.Members], patchedWith);
    }

    private sealed class GroupState(TalkGroupSettings settings, FloorDomain domain)
    {
        public TalkGroupSettings Settings { get; set; } = settings;

        public FloorDomain Domain { get; set; } = domain;

        public List<EndpointId> Members { get; } = [];

        public PatchId? Patch { get; set; }
    }

    private sealed class EndpointState(IVoiceEndpoint endpoint)
    {
        public IVoiceEndpoint Endpoint { get; set; } = endpoint;

        public bool Online { get; set; } = true;

        public string Reason { get; set; } = "attached";

        public List<TalkGroupId> Groups { get; } = [];
    }

    private sealed record PatchState(PatchId Id, TalkGroupId[] Groups, DateTimeOffset Since, TalkGroupId Owner);
}

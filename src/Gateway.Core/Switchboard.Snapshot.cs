using System.Collections.Frozen;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Routing;
using Gateway.Core.TalkGroups;

namespace Gateway.Core;

// Control-plane state and the immutable routing snapshot built from it.
public sealed partial class Switchboard
{
    private FloorDomain CreateDomain(TalkGroupSettings settings)
    {
        var arbiter = new FloorArbiter(settings, _time, _events, _metrics, ResolveEndpoint, this);
        var domain = new FloorDomain(arbiter, new MediaDomain());
        arbiter.Tag = domain;
        return domain;
    }

    private int _batchDepth; // under _gate
    private bool _rebuildPending; // under _gate

    private IVoiceEndpoint? ResolveEndpoint(EndpointId id) => _table.Endpoints.GetValueOrDefault(id);

    public IDisposable BatchMembershipChanges()
    {
        lock (_gate)
        {
            _batchDepth++;
        }

        return new MembershipBatch(this);
    }

    private void EndBatch()
    {
        lock (_gate)
        {
            if (--_batchDepth == 0 && _rebuildPending)
            {
                _rebuildPending = false;
                RebuildLocked();
            }
        }
    }

    private void RebuildLocked()
    {
        if (_batchDepth > 0)
        {
            _rebuildPending = true;
            return;
        }

        // Destinations per floor domain: the online endpoints of every group it spans, once each, bucketed by profile.
        var byDomain = new Dictionary<FloorDomain, List<IVoiceEndpoint>>();
        var seen = new HashSet<(FloorDomain, EndpointId)>();
        foreach (var group in _groups.Values)
        {
            if (!byDomain.TryGetValue(group.Domain, out var list))
            {
                list = [];
                byDomain.Add(group.Domain, list);
            }

            foreach (var member in group.Members)
            {
                if (_endpoints.TryGetValue(member, out var endpoint) && endpoint.Online && seen.Add((group.Domain, member)))
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

    private sealed class MembershipBatch(Switchboard owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.EndBatch();
            }
        }
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

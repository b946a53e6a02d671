using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Routing;
using Gateway.Core.TalkGroups;

namespace Gateway.Core;

// Membership and presence: every change ends with a new routing snapshot.
public sealed partial class Switchboard
{
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

    public bool AttachRegistered(EndpointId endpoint, TalkGroupId group)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out var groupState))
            {
                throw new KeyNotFoundException($"Unknown talk group '{group}'.");
            }

            // Under the lock, so a connector handing in a new instance meanwhile is the one attached.
            if (!_endpoints.TryGetValue(endpoint, out var state))
            {
                return false;
            }

            if (!state.Groups.Contains(group))
            {
                state.Groups.Add(group);
                groupState.Members.Add(endpoint);
                _events.Publish(new TalkGroupChanged(_time.GetUtcNow(), group, "endpoint attached: " + endpoint));
                LogAttached(_logger, endpoint, group);
                RebuildLocked();
            }

            return true;
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
                return [.. _endpoints.Values.Select(Info)];
            }
        }
    }

    public EndpointInfo? FindEndpoint(EndpointId id)
    {
        lock (_gate)
        {
            return _endpoints.TryGetValue(id, out var state) ? Info(state) : null;
        }
    }

    private static EndpointInfo Info(EndpointState e) => new(
        e.Endpoint.Id,
        e.Endpoint.Kind,
        [.. e.Groups],
        e.Online ? Events.EndpointState.Online : Events.EndpointState.Offline,
        e.Reason);
}

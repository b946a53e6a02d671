using System.Collections.Frozen;
using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Core.Routing;

/// <summary>
/// The immutable snapshot the frame path reads: group → floor domain, endpoint id → endpoint. Rebuilt under the
/// switchboard's control lock and swapped atomically, so <see cref="ISwitchboard.SubmitFrame"/> never takes that lock.
/// </summary>
internal sealed class RoutingTable(FrozenDictionary<TalkGroupId, FloorDomain> groups, FrozenDictionary<EndpointId, IVoiceEndpoint> endpoints)
{
    public static RoutingTable Empty { get; } = new(FrozenDictionary<TalkGroupId, FloorDomain>.Empty, FrozenDictionary<EndpointId, IVoiceEndpoint>.Empty);

    public FrozenDictionary<TalkGroupId, FloorDomain> Groups { get; } = groups;

    public FrozenDictionary<EndpointId, IVoiceEndpoint> Endpoints { get; } = endpoints;
}

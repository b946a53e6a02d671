using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Routing;

namespace Gateway.Core;

// Floor requests go straight to the group's arbiter (lock-free lookup in the snapshot); frames go to the router.
public sealed partial class Switchboard
{
    private static readonly KeyValuePair<string, object?> UnknownGroupTag = DropReasons.AsTag(DropReasons.UnknownGroup);

    public FloorOutcome RequestFloor(FloorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_table.Groups.TryGetValue(request.TalkGroup, out var domain))
        {
            _metrics.FloorDenials.Add(1);
            return new FloorOutcome(FloorOutcomeKind.Denied, Reason: $"unknown talk group '{request.TalkGroup}'");
        }

        // One place for every connector: a unit in emergency talks at emergency priority (see EmergencyPriorityPolicy).
        request = _priorityPolicy?.Adjust(request) ?? request;

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
        // The domain travels with its arbiter (not via the table), so a floor closed while its group is being
        // removed or the switchboard disposed still reaches its listeners.
        if (arbiter.Tag is FloorDomain domain)
        {
            _router.EndTransmission(domain, grant);
        }
    }
}

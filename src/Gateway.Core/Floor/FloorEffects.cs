using Gateway.Core.Identity;

namespace Gateway.Core.Floor;

/// <summary>
/// Side effects collected under the arbiter's lock and run after it is released: endpoint callbacks and the router's
/// end-of-transmission must never run under the lock (an endpoint may call back into the switchboard).
/// </summary>
internal sealed class FloorEffects
{
    public List<(EndpointId Endpoint, FloorNotice Notice)> Notices { get; } = [];

    public List<(FloorGrant Grant, TransmissionEndReason Reason)> Ended { get; } = [];

    public void Notify(EndpointId endpoint, FloorNotice notice) => Notices.Add((endpoint, notice));
}

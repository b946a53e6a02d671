namespace Gateway.Core.Floor;

/// <summary>Told (outside the arbiter's lock) when a transmission ends, so the router can send end-of-transmission downstream.</summary>
internal interface IFloorObserver
{
    void OnTransmissionEnded(FloorArbiter arbiter, FloorGrant grant, TransmissionEndReason reason);
}

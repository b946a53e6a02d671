namespace Gateway.Core.Floor;

/// <summary>
/// Raises a floor request's priority before the arbiter sees it (the unit-emergency boost). Called by the switchboard for
/// every request, whichever connector made it, so no connector needs to know about emergencies. Must be cheap and never block.
/// </summary>
public interface IFloorPriorityPolicy
{
    FloorRequest Adjust(FloorRequest request);
}

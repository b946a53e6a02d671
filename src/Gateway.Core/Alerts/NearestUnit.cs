using Gateway.Core.Identity;

namespace Gateway.Core.Alerts;

/// <summary>
/// One unit picked for a nearest-units alert: its great-circle distance from the incident at broadcast time, and the
/// endpoints that were put into the alert's temporary talk group for it (empty when none of its terminals was online).
/// </summary>
public sealed record NearestUnit(UnitId Unit, double DistanceMetres, IReadOnlyList<EndpointId> Endpoints);

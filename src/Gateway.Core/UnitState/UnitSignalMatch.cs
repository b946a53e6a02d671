namespace Gateway.Core.UnitState;

/// <summary>
/// One reading of a field signal: what it asks for, the status name (for <see cref="UnitSignalKind.Status"/>), the identity
/// part that names the unit (DtmfId or SelCall code; empty when the sender must be known from the connector) and a note (text).
/// </summary>
public sealed record UnitSignalMatch(UnitSignalKind Kind, string? Status, string Identity, string? Note = null);

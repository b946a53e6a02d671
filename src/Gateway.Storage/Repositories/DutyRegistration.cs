using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>One check-in or check-out: when, where, why, and through what (gRPC, Mumble join, DTMF...).</summary>
public sealed record DutyRegistration(UnitId Unit, bool OnDuty, DateTimeOffset At, string? Location, string? Note, string Source);

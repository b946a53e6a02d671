using Gateway.Core.Floor;

namespace Gateway.Core.Endpoints;

/// <summary>How a <see cref="WavFileSource"/> playback went.</summary>
/// <param name="Outcome">The floor outcome that decided it (Granted, also after queueing; Queued means the queued request expired; Denied).</param>
/// <param name="FramesSent">20 ms frames submitted while holding the floor.</param>
/// <param name="Completed">True when the whole file was played.</param>
/// <param name="EndReason">Why the transmission ended early (pre-empted, max transmit time...), when it did.</param>
/// <param name="Reason">The denial reason, when denied.</param>
public sealed record WavPlaybackResult(FloorOutcomeKind Outcome, long FramesSent, bool Completed, TransmissionEndReason? EndReason, string? Reason);

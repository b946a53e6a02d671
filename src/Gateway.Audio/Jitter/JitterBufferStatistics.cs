namespace Gateway.Audio.Jitter;

/// <summary>Counters and delays of one <see cref="JitterBuffer"/> (a snapshot).</summary>
/// <param name="Received">Packets pushed (including duplicates, late and malformed ones).</param>
/// <param name="Lost">Sequence numbers skipped at play-out (never arrived, or arrived late).</param>
/// <param name="Late">Packets that arrived after their play-out time.</param>
/// <param name="Duplicated">Packets received twice.</param>
/// <param name="Malformed">Payloads the codec rejected.</param>
/// <param name="Concealed">20 ms frames produced by concealment (PLC/FEC) for loss or underrun.</param>
/// <param name="RecoveredByFec">Lost packets rebuilt from the next packet's in-band FEC.</param>
/// <param name="Discarded">Packets dropped on purpose to bring the delay down to the target.</param>
/// <param name="Spurts">Talk spurts started.</param>
/// <param name="CurrentDelay">Time the earliest-arriving packets currently wait before play-out.</param>
/// <param name="TargetDelay">The adaptive target between the configured minimum and maximum.</param>
/// <param name="Jitter">RFC 3550 inter-arrival jitter estimate.</param>
public readonly record struct JitterBufferStatistics(
    long Received,
    long Lost,
    long Late,
    long Duplicated,
    long Malformed,
    long Concealed,
    long RecoveredByFec,
    long Discarded,
    long Spurts,
    TimeSpan CurrentDelay,
    TimeSpan TargetDelay,
    TimeSpan Jitter);

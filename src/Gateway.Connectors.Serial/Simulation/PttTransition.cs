namespace Gateway.Connectors.Serial.Simulation;

/// <summary>A PTT change seen by the simulated radio: when (wall clock and <see cref="TimeProvider"/> timestamp) and to what.</summary>
public readonly record struct PttTransition(DateTimeOffset At, long Timestamp, bool Transmitting);

namespace Gateway.Audio.Tones;

/// <summary>One step of an alert tone: a frequency (0 = silence) for a duration, optionally gliding to <see cref="SweepTo"/>.</summary>
public sealed record AlertToneStep(double Frequency, TimeSpan Duration, double SweepTo = 0);

namespace Gateway.Audio.Tones;

/// <summary>
/// One step of a tone sequence: up to two simultaneous sine tones (DTMF needs two) for a duration.
/// Amplitudes are linear peak values (1.0 = full scale); zero amplitudes make a gap. <see cref="SweepTo"/> glides
/// tone A linearly to another frequency over the step (warbles, sirens).
/// </summary>
public readonly record struct ToneSegment(TimeSpan Duration, double FrequencyA = 0, double AmplitudeA = 0, double FrequencyB = 0, double AmplitudeB = 0, double SweepTo = 0)
{
    public static ToneSegment Silence(TimeSpan duration) => new(duration);

    public static ToneSegment Single(double frequency, TimeSpan duration, double levelDbfs) => new(duration, frequency, Level.FromDbfs(levelDbfs));

    public bool IsSilent => AmplitudeA <= 0 && AmplitudeB <= 0;
}

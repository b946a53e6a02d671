namespace Gateway.LoadTest;

/// <summary>
/// A frame identity that survives transcoding: each 20 ms talker frame is a sine tone whose frequency is chosen by the
/// frame number modulo <see cref="Cycle"/> = 32 (300, 400, ... 3400 Hz), a 640 ms cycle. A listener that decodes the
/// audio and finds the tone knows the frame's residue, and "the newest frame sent with this residue" is the exact
/// frame while the gateway's delay stays under 640 ms; <see cref="TranscodedResolver"/> anchors on the group's PCMU
/// listener instead, so longer delays of an overloaded machine resolve exactly too.
/// Frequencies are multiples of 100 Hz: every tone has whole cycles in a 20 ms frame (the waveform is continuous from
/// frame to frame, no clicks for the codecs to smear) and in the detector's 10 ms window (the tones are orthogonal
/// there: a neighbour leaks nothing); all lie below 4 kHz, so they survive the narrowband Opus the gateway codes G.711
/// talkers with. One tone, not a dual tone: Opus at 32 kbit/s codes a single tone cleanly, while two tones changing
/// every 20 ms came out ambiguous in ~5 % of frames.
/// </summary>
internal static class FrameTone
{
    public const int Cycle = 32;

    public const int LowestHz = 300;

    public const int StepHz = 100;

    /// <summary>Peak amplitude (full scale 1): loud enough to dominate codec noise, far from clipping.</summary>
    public const double Amplitude = 0.3;

    public static int Residue(long frame) => (int)(frame % Cycle);

    public static int FrequencyHz(int residue) => LowestHz + (StepHz * residue);

    /// <summary>Sample <paramref name="n"/> (counted from the frame start) of the residue's tone at <paramref name="sampleRate"/>.</summary>
    public static double Sample(int residue, int n, int sampleRate) =>
        Amplitude * Math.Sin(2 * Math.PI * FrequencyHz(residue) * n / sampleRate);

    /// <summary>
    /// The newest frame with <paramref name="residue"/> among frames 0..<paramref name="lastSent"/>, or -1: the frame a
    /// packet carrying that residue belongs to when it arrived after <paramref name="lastSent"/> was sent.
    /// </summary>
    public static long NewestWithResidue(long lastSent, int residue) =>
        lastSent < residue ? -1 : lastSent - ((lastSent - residue) % Cycle);

    /// <summary>The frame with <paramref name="residue"/> nearest to <paramref name="anchor"/> (at most 16 frames away).</summary>
    public static long NearestWithResidue(long anchor, int residue)
    {
        var step = (int)(((residue - (anchor % Cycle)) % Cycle + Cycle) % Cycle);
        return anchor + (step > Cycle / 2 ? step - Cycle : step);
    }

    /// <summary>The first frame after <paramref name="previous"/> with <paramref name="residue"/>.</summary>
    public static long NextWithResidue(long previous, int residue) =>
        previous + 1 + ((residue - ((previous + 1) % Cycle) + Cycle) % Cycle);
}

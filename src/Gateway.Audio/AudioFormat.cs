namespace Gateway.Audio;

/// <summary>
/// The one internal audio format of the gateway: 48 kHz mono float samples in 20 ms frames.
/// Opus is 48 kHz natively; narrow-band codecs resample at the edge, never in the router.
/// </summary>
public static class AudioFormat
{
    public const int SampleRate = 48_000;

    public const int FrameMilliseconds = 20;

    /// <summary>Samples in one internal frame (20 ms at 48 kHz).</summary>
    public const int FrameSamples = SampleRate / 1000 * FrameMilliseconds;

    /// <summary>The largest Opus packet (RFC 6716); also bounds every other encoded frame we carry.</summary>
    public const int MaxPacketBytes = 1275;

    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(FrameMilliseconds);
}

using Gateway.Audio;
using Gateway.Audio.Tones;

namespace Gateway.Connectors.Serial.Control;

/// <summary>
/// Method <c>vox</c>: squelch from audio energy, for radios without a COS output, using Gateway.Audio's
/// <see cref="VoiceActivityDetector"/> (threshold, attack, hang). Fed from the capture thread, sampled from the poll timer;
/// the gate's debounce and minimum opening apply on top, as for every other method.
/// </summary>
internal sealed class VoxSquelch : ISquelchDetector
{
    private readonly VoiceActivityDetector _detector;
    private volatile bool _open;

    public VoxSquelch(double thresholdDbfs, int hangMs)
    {
        _detector = new VoiceActivityDetector(AudioFormat.SampleRate, new VoiceActivityOptions
        {
            ThresholdDbfs = thresholdDbfs,
            Attack = AudioFormat.FrameDuration,
            Hang = TimeSpan.FromMilliseconds(hangMs),
        });
    }

    public string Method => "vox";

    /// <summary>Level of the last frame (for commissioning logs).</summary>
    public double LastLevelDb => _detector.LastLevelDbfs;

    public void Process(ReadOnlySpan<float> frame) => _open = _detector.Process(frame);

    public bool Sample() => _open;
}
